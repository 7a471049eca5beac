import Testing
import SDP

/// RFC 8839 §5.1 `a=candidate` as a typed value.
@Suite("RFC 8839 §5.1 candidates")
struct SDPCandidateTests {
    @Test("RFC 8839 §5.1: a Chromium UDP host candidate with generation and network extensions")
    func chromiumUDP() throws {
        let text = "1605328276 1 udp 2122260223 127.0.0.1 51497 typ host generation 0 network-id 1 network-cost 50"
        let candidate = try #require(SDPCandidate(parsing: text))
        #expect(candidate.foundation == "1605328276")
        #expect(candidate.component == 1)
        #expect(candidate.isUDP)
        #expect(candidate.priority == 2_122_260_223)
        #expect(candidate.address == "127.0.0.1")
        #expect(candidate.port == 51497)
        #expect(candidate.type == .host)
        #expect(candidate.generation == 0)
        #expect(candidate.tcpType == nil)
        #expect(candidate.extensionValue("network-cost") == "50")
        #expect(candidate.attributeValue == text)
    }

    @Test("RFC 6544 §4.5: a TCP active candidate keeps tcptype in its place")
    func tcpActive() throws {
        let text = "559988492 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1 network-cost 50"
        var candidate = try #require(SDPCandidate(parsing: text))
        #expect(candidate.isTCP)
        #expect(candidate.tcpType == .active)
        #expect(candidate.attributeValue == text)
        candidate.tcpType = .passive
        candidate.generation = 3
        #expect(candidate.attributeValue
            == "559988492 1 tcp 1518280447 127.0.0.1 9 typ host tcptype passive generation 3 network-id 1 network-cost 50")
        candidate.generation = nil
        #expect(candidate.extensions.map(\.name) == ["tcptype", "network-id", "network-cost"])
    }

    @Test("RFC 8839 §5.1: raddr/rport of a server-reflexive candidate, unknown extension pairs kept")
    func reflexive() throws {
        let text = "a=candidate:842163049 1 UDP 1677729535 203.0.113.7 61665 typ srflx raddr 10.0.0.2 rport 61665 ufrag Xy9z x-new value"
        let candidate = try #require(SDPCandidate(parsing: text))
        #expect(candidate.type == .serverReflexive)
        #expect(candidate.relatedAddress == "10.0.0.2")
        #expect(candidate.relatedPort == 61665)
        #expect(candidate.extensions == [.init(name: "ufrag", value: "Xy9z"), .init(name: "x-new", value: "value")])
        #expect("a=" + candidate.description == text)
    }

    @Test("RFC 8840 §4.1: the trickle form with a candidate: prefix; mDNS and IPv6 addresses")
    func trickleForm() throws {
        let mdns = try #require(SDPCandidate(parsing: "candidate:0 1 UDP 2122252543 9b36eaac-bb2e-49bb-bb78-21c41c499900.local 54585 typ host"))
        #expect(mdns.address.hasSuffix(".local"))
        #expect(mdns.description == "candidate:0 1 UDP 2122252543 9b36eaac-bb2e-49bb-bb78-21c41c499900.local 54585 typ host")
        let ipv6 = try #require(SDPCandidate(parsing: "3 2 udp 2122129151 ::1 40001 typ host"))
        #expect(ipv6.component == 2)
        #expect(ipv6.address == "::1")
        let relay = try #require(SDPCandidate(parsing: "abc+/ 1 udp 41885439 198.51.100.9 3478 TYP relay RADDR 0.0.0.0 RPORT 0"))
        #expect(relay.type == .relay)
        #expect(relay.relatedPort == 0)
    }

    @Test("RFC 8839 §5.1: malformed candidates are rejected", arguments: [
        "",
        "1 1 udp 100 127.0.0.1 9 typ",                       // no type
        "1 1 udp 100 127.0.0.1 9 host",                      // no typ keyword
        "1 0 udp 100 127.0.0.1 9 typ host",                  // component 0
        "1 257 udp 100 127.0.0.1 9 typ host",                // component over 256
        "1 1 udp 4294967296 127.0.0.1 9 typ host",           // priority over 32 bits
        "1 1 udp 100 127.0.0.1 65536 typ host",              // port over 16 bits
        "1 1 udp 100 127.0.0.1 9 typ host generation",       // extension without value
        "1 1 udp 100 127.0.0.1 9 typ srflx raddr 1.2.3.4 rport x", // bad rport
        "f=oundation 1 udp 100 127.0.0.1 9 typ host",        // foundation not ice-char
        "123456789012345678901234567890123 1 udp 100 127.0.0.1 9 typ host", // foundation over 32
    ])
    func malformed(text: String) {
        #expect(SDPCandidate(parsing: text) == nil)
    }

    @Test("RFC 8839 §5.1: a built candidate prints in the RFC's order")
    func built() {
        let candidate = SDPCandidate(foundation: "1", priority: 2_130_706_431, address: "127.0.0.1", port: 40000,
                                     type: .serverReflexive, relatedAddress: "10.0.0.1", relatedPort: 5000,
                                     extensions: [.init(name: "generation", value: "0")])
        #expect(candidate.attributeValue == "1 1 udp 2130706431 127.0.0.1 40000 typ srflx raddr 10.0.0.1 rport 5000 generation 0")
        #expect(SDPCandidate(parsing: candidate.attributeValue) == candidate)
    }
}

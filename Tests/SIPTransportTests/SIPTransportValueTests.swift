import NIOCore
import SIPTransport
import Testing

/// The value types shared by the transports.
@Suite struct SIPTransportValueTests {
    @Test("RFC 3261 §18, RFC 7118 §5: transport names, default ports, reliability")
    func kinds() {
        #expect(SIPTransportKind.allCases.map(\.viaTransport) == ["UDP", "TCP", "TLS", "WS", "WSS"])
        #expect(SIPTransportKind.allCases.map(\.defaultPort) == [5060, 5060, 5061, 80, 443])
        #expect(SIPTransportKind.allCases.filter(\.isReliable) == [.tcp, .tls, .ws, .wss])
        #expect(SIPTransportKind(viaTransport: "wss") == .wss)
        #expect(SIPTransportKind(viaTransport: "SCTP") == nil)
        #expect(SIPTransportKind.ws.uriParameter == "ws")
    }

    @Test("RFC 6455 §7.4: close codes map to and from numbers, other codes kept")
    func closeCodes() {
        #expect(SIPCloseCode.normal.rawValue == 1000)
        #expect(SIPCloseCode.abnormal.rawValue == 1006)
        #expect(SIPCloseCode.tooBig.rawValue == 1009)
        #expect(SIPCloseCode.internalError.rawValue == 1011)
        #expect(SIPCloseCode(rawValue: 1002) == .protocolError)
        #expect(SIPCloseCode(rawValue: 4000) == .other(4000))
        #expect(SIPCloseCode.other(1000) == .normal)
        #expect(Set([SIPCloseCode.other(1009), .tooBig]).count == 1)
        #expect(SIPCloseCode.abnormal.description == "1006")
        #expect(SIPConnectionState.disconnected(reason: .tooBig).description == "disconnected(1009)")
    }

    @Test("addresses: IPv6 in brackets, socket addresses both ways")
    func addresses() throws {
        let v6 = SIPTransportAddress(host: "[::1]", port: 5060)
        #expect(v6.host == "::1")
        #expect(v6.description == "[::1]:5060")
        #expect(SIPTransportAddress(try v6.socketAddress()) == v6)
        let v4 = SIPTransportAddress(host: "127.0.0.1", port: 5062)
        #expect(v4.description == "127.0.0.1:5062")
        #expect(SIPTransportAddress(try v4.socketAddress()) == v4)
        #expect(throws: SIPTransportError.invalidAddress("127.0.0.1:70000")) {
            try SIPTransportAddress(host: "127.0.0.1", port: 70000).socketAddress()
        }
    }
}

import SIPCore
import SIPEdge
import SIPTransaction
import Testing

/// What the edge checks before it routes a request (RFC 3261 §16.3) and the Via it stamps on a
/// UDP request (RFC 3261 §18.2.1, RFC 3581 §4): the refusals `sip-conform`'s robustness suite
/// found missing.
@Suite struct SIPEdgeValidationTests {
    static func request(_ startLine: String = "OPTIONS sip:bob@edge.local SIP/2.0", cseq: String = "1 OPTIONS",
                        via: String = "SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKv1;rport", extra: String = "") throws -> SIPMessage {
        try SIPMessage(parsing: "\(startLine)\r\nVia: \(via)\r\nFrom: <sip:alice@edge.local>;tag=f\r\nTo: <sip:bob@edge.local>\r\n"
            + "Call-ID: v-1\r\nCSeq: \(cseq)\r\nMax-Forwards: 70\r\n\(extra)Content-Length: 0\r\n\r\n", options: .lenient)
    }

    @Test("a CSeq method unlike the request's is 400, an unknown scheme 416, Proxy-Require 420 listing the tags")
    func refusals() throws {
        let mismatch = try Self.request(cseq: "1 INVITE")
        #expect(SIPEdge.validationFailure(mismatch, method: .options)?.0 == 400)
        let scheme = try Self.request("OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0")
        #expect(SIPEdge.validationFailure(scheme, method: .options)?.0 == 416)
        let proxyRequire = try Self.request(extra: "Proxy-Require: noProxiesSupportThis, norDoAnyProxiesSupportThis\r\n")
        let refusal = try #require(SIPEdge.validationFailure(proxyRequire, method: .options))
        #expect(refusal.0 == 420 && refusal.1 == "Bad Extension")
        #expect(refusal.2.map(\.name) == ["Unsupported"])
        #expect(refusal.2.map(\.value) == ["noProxiesSupportThis, norDoAnyProxiesSupportThis"])
        // ACK and CANCEL are not refused for Proxy-Require (RFC 3261 §16.3 step 5 applies to requests it can answer).
        let ack = try Self.request("ACK sip:bob@edge.local SIP/2.0", cseq: "1 ACK", extra: "Proxy-Require: x\r\n")
        #expect(SIPEdge.validationFailure(ack, method: .ack) == nil)
        #expect(SIPEdge.validationFailure(try Self.request(), method: .options) == nil)
    }

    @Test("a UDP request's top Via gets received and the rport it asked for; other Vias stay as they are")
    func stamping() throws {
        let source = SIPTransactionDestination(host: "127.0.0.1", port: 40_123, transport: "UDP")
        let stamped = SIPEdge.stampingTopVia(try Self.request(via: "SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKv1;rport, SIP/2.0/UDP 10.0.0.8;branch=z9hG4bKv0"),
                                             source: source)
        #expect(stamped.values(.via) == ["SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKv1;rport=40123;received=127.0.0.1, SIP/2.0/UDP 10.0.0.8;branch=z9hG4bKv0"])
        // No rport asked and the sent-by is the source: nothing to add (RFC 3261 §18.2.1).
        let plain = try Self.request(via: "SIP/2.0/UDP 127.0.0.1:40123;branch=z9hG4bKv2")
        #expect(SIPEdge.stampingTopVia(plain, source: source).values(.via) == ["SIP/2.0/UDP 127.0.0.1:40123;branch=z9hG4bKv2"])
    }
}

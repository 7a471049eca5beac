import Testing
import SDP

/// The example session descriptions of RFC 8866 §5, RFC 4566 §5 and RFC 3264 §10.1.
@Suite("RFC 8866 / RFC 4566 / RFC 3264 examples")
struct SDPRFCExampleTests {
    static let rfc8866Example = SDPFixtures.crlf([
        "v=0", "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1", "s=Call to John Smith", "i=SDP Offer #1",
        "u=http://www.jdoe.example.com/home.html", "e=Jane Doe <jane@jdoe.example.com>", "p=+1 617 555-6011",
        "c=IN IP4 198.51.100.1", "t=0 0", "m=audio 49170 RTP/AVP 0", "m=audio 49180 RTP/AVP 0",
        "m=video 51372 RTP/AVP 99", "c=IN IP6 2001:db8::2", "a=rtpmap:99 h263-1998/90000",
    ])

    static let rfc4566Example = SDPFixtures.crlf([
        "v=0", "o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5", "s=SDP Seminar",
        "i=A Seminar on the session description protocol", "u=http://www.example.com/seminars/sdp.pdf",
        "e=j.doe@example.com (Jane Doe)", "c=IN IP4 224.2.17.12/127", "t=2873397496 2873404696", "a=recvonly",
        "m=audio 49170 RTP/AVP 0", "m=video 51372 RTP/AVP 99", "a=rtpmap:99 h263-1998/90000",
    ])

    static let rfc3264Offer = SDPFixtures.crlf([
        "v=0", "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com", "s=",
        "c=IN IP4 host.atlanta.example.com", "t=0 0", "m=audio 49170 RTP/AVP 0 8 97", "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000", "a=rtpmap:97 iLBC/8000", "m=video 51372 RTP/AVP 31 32", "a=rtpmap:31 H261/90000",
        "a=rtpmap:32 MPV/90000",
    ])

    static let rfc3264Answer = SDPFixtures.crlf([
        "v=0", "o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com", "s=",
        "c=IN IP4 host.biloxi.example.com", "t=0 0", "m=audio 49174 RTP/AVP 0", "a=rtpmap:0 PCMU/8000",
        "m=video 49170 RTP/AVP 32", "a=rtpmap:32 MPV/90000",
    ])

    @Test("RFC 8866 §5: the example parses, round-trips and reads as written")
    func rfc8866() throws {
        let session = try SDPSession(parsing: Self.rfc8866Example)
        #expect(session.serialized() == Self.rfc8866Example)
        #expect(session.origin == SDPOrigin(username: "jdoe", sessionID: "3724394400", sessionVersion: 3_724_394_405,
                                            address: "198.51.100.1"))
        #expect(session.media.map(\.media) == ["audio", "audio", "video"])
        #expect(session.media.map(\.port) == [49170, 49180, 51372])
        #expect(session.connection?.host == "198.51.100.1")
        #expect(session.media[2].connection == SDPConnection(addressType: "IP6", address: "2001:db8::2"))
        #expect(session.media[2].rtpMap(for: "99") == SDPRTPMap(payloadType: 99, encodingName: "h263-1998", clockRate: 90000))
        #expect(session.media[0].rtpMap(for: "0")?.encodingName == "PCMU", "static payload type 0 (RFC 3551 §6)")
    }

    @Test("RFC 4566 §5: the example parses, round-trips; multicast c= and session-level direction")
    func rfc4566() throws {
        let session = try SDPSession(parsing: Self.rfc4566Example)
        #expect(session.serialized() == Self.rfc4566Example)
        #expect(session.connection?.address == "224.2.17.12/127")
        #expect(session.connection?.host == "224.2.17.12")
        #expect(session.direction == .recvonly)
        #expect(session.media[0].direction == nil)
    }

    @Test("RFC 3264 §10.1: our answer to Alice's offer takes PCMU and rejects the video stream")
    func rfc3264Answer() throws {
        let offer = try SDPSession(parsing: Self.rfc3264Offer)
        var local = SDPLocalMedia()
        local.profile = .rtpAVP
        local.ice = nil
        local.mid = nil
        local.address = "192.0.2.7"
        local.port = 49174
        let (answer, negotiated) = try SDPOfferAnswer.makeAnswer(to: offer, local: local)
        #expect(answer.media.count == 2)
        #expect(answer.media[0].mediaLine == SDPMediaLine(media: "audio", port: 49174, proto: "RTP/AVP", formats: ["0"]))
        #expect(answer.media[1].mediaLine == SDPMediaLine(media: "video", port: 0, proto: "RTP/AVP", formats: ["31", "32"]))
        #expect(negotiated.codec.codec == .pcmu)
        #expect(negotiated.codec.payloadType == 0)
        #expect(negotiated.telephoneEvent == nil)
        #expect(negotiated.localSetup == nil)
        #expect(negotiated.remoteAddress == "host.atlanta.example.com")
        #expect(negotiated.remotePort == 49170)
        #expect(negotiated.direction == .sendrecv)
        #expect(!negotiated.rtcpMux)
        #expect(!answer.text.contains("a=fingerprint"))
        #expect(!answer.text.contains("a=ice-"))
        #expect(try SDPSession(parsing: answer.serialized()) == answer)
    }

    @Test("RFC 3264 §10.1: Bob's answer, read against Alice's offer, settles on PCMU")
    func rfc3264ProcessAnswer() throws {
        let negotiated = try SDPOfferAnswer.processAnswer(try SDPSession(parsing: Self.rfc3264Answer),
                                                          toOffer: try SDPSession(parsing: Self.rfc3264Offer))
        #expect(negotiated.codec.codec == .pcmu)
        #expect(negotiated.codec.payloadType == 0)
        #expect(negotiated.codec.receivePayloadType == 0)
        #expect(negotiated.remoteAddress == "host.biloxi.example.com")
        #expect(negotiated.remotePort == 49174)
        #expect(negotiated.mediaIndex == 0)
    }
}

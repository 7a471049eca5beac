import MediaTransport
import SDP
import Testing

/// Engine settings from a negotiated SDP (RFC 7587 §6.1 Opus parameters, RFC 5763 roles).
@Suite struct MediaStreamParametersTests {
    static func negotiate(answerFmtp: String, setup: String = "active") throws -> SDPNegotiated {
        var local = SDPLocalMedia()
        local.fingerprints = [SDPFingerprint(hashFunction: "sha-256", bytes: Array(repeating: 7, count: 32))]
        local.ice = SDPICEParameters(usernameFragment: "ufrag", password: "0123456789abcdefghijkl")
        let offer = SDPOfferAnswer.makeOffer(local)
        let answer = """
            v=0\r
            o=- 1 1 IN IP4 127.0.0.1\r
            s=-\r
            t=0 0\r
            m=audio 5000 UDP/TLS/RTP/SAVPF 111 101\r
            c=IN IP4 127.0.0.1\r
            a=rtpmap:111 opus/48000/2\r
            a=fmtp:111 \(answerFmtp)\r
            a=rtpmap:101 telephone-event/48000\r
            a=rtcp-mux\r
            a=setup:\(setup)\r
            a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99\r
            a=ice-ufrag:peer\r
            a=ice-pwd:peerpasswordpeerpassword\r
            a=sendrecv\r

            """
        return try SDPOfferAnswer.processAnswer(try SDPSession(parsing: answer), toOffer: offer)
    }

    @Test("The peer's maxaveragebitrate caps ours; sprop-stereo=1 decodes stereo; useinbandfec=0 turns FEC off")
    func opusParameters() throws {
        let negotiated = try Self.negotiate(answerFmtp: "minptime=10;useinbandfec=0;maxaveragebitrate=20000;sprop-stereo=1")
        let parameters = MediaStreamParameters(negotiated: negotiated, maxAverageBitrate: 32_000, ssrc: 9, cname: "c")
        #expect(parameters.codec == .opus && parameters.clockRate == 48_000 && parameters.frameTimestampUnits == 960)
        #expect(parameters.maxAverageBitrate == 20_000)
        #expect(parameters.receiveChannels == 2)
        #expect(!parameters.inbandFEC)
        #expect(parameters.telephoneEvent?.payloadType == 101 && parameters.telephoneEvent?.clockRate == 48_000)
        #expect(parameters.ssrc == 9 && parameters.cname == "c")
        // Our own cap wins when it is lower; out-of-range values are clamped to Opus' 6–510 kbit/s.
        #expect(MediaStreamParameters(negotiated: negotiated, maxAverageBitrate: 12_000).maxAverageBitrate == 12_000)
        #expect(MediaStreamParameters(negotiated: try Self.negotiate(answerFmtp: "maxaveragebitrate=1000")).maxAverageBitrate == 6_000)
        #expect(MediaStreamParameters(negotiated: try Self.negotiate(answerFmtp: "minptime=10")).inbandFEC)
        #expect(MediaStreamParameters(negotiated: try Self.negotiate(answerFmtp: "minptime=10")).maxAverageBitrate == nil)
    }

    @Test("a=setup:active in the answer makes us the DTLS server; passive the client; fingerprints lower-cased")
    func dtlsRole() throws {
        let active = try Self.negotiate(answerFmtp: "minptime=10")
        #expect(MediaNegotiation.dtlsRole(active) == .server)
        let passive = try Self.negotiate(answerFmtp: "minptime=10", setup: "passive")
        #expect(MediaNegotiation.dtlsRole(passive) == .client)
        let fingerprints = MediaNegotiation.remoteFingerprints(active)
        #expect(fingerprints.count == 1 && fingerprints[0].algorithm == "sha-256" && fingerprints[0].bytes.first == 0xAA)
    }
}

import Testing
import SDP

/// Our answers (RFC 3264 §6, RFC 8829 §5.3.1) to the captured offers and to edge cases.
@Suite("RFC 3264 §6 answers")
struct SDPAnswerTests {
    static func answer(_ offer: SDPSession, _ local: SDPLocalMedia = SDPFixtures.ourLocal) throws -> (SDPSession, SDPNegotiated) {
        let result = try SDPOfferAnswer.makeAnswer(to: offer, local: local)
        #expect(try SDPSession(parsing: result.0.serialized()) == result.0, "our answer parses back")
        return result
    }

    /// Chromium's offer with lines replaced or appended, for edge cases.
    static func chromium(editing edit: (inout SDPSession) -> Void) throws -> SDPSession {
        var offer = try SDPFixtures.session("chromium-offer.sdp")
        edit(&offer)
        return offer
    }

    @Test("RFC 3264 §6, RFC 8829 §5.3.1: Chromium's offer → opus 111, telephone-event 110, setup active, BUNDLE")
    func chromiumOffer() throws {
        let offer = try SDPFixtures.session("chromium-offer.sdp")
        var local = SDPFixtures.ourLocal
        local.headerExtensions = ["urn:ietf:params:rtp-hdrext:sdes:mid"]
        let (answer, negotiated) = try Self.answer(offer, local)
        let audio = answer.media[0]
        #expect(audio.mediaLine == SDPMediaLine(media: "audio", port: 40000, proto: "UDP/TLS/RTP/SAVPF", formats: ["111", "110"]))
        #expect(audio.rtpMap(for: "111")?.description == "111 opus/48000/2")
        #expect(audio.formatParameters(for: "111")?.value(for: "maxaveragebitrate") == "48000")
        #expect(audio.rtpMap(for: "110")?.description == "110 telephone-event/48000")
        #expect(audio.setup == .active)
        #expect(audio.mid == "0")
        #expect(audio.isRTCPMultiplexed && audio.isRTCPReducedSize)
        #expect(audio.fingerprints == SDPFixtures.ourLocal.fingerprints)
        #expect(audio.iceUsernameFragment == "Swft" && audio.icePassword == "SwiftSDPFixturePassword1")
        #expect(audio.direction == .sendrecv)
        #expect(audio.extmaps == [SDPExtmap(id: 4, uri: "urn:ietf:params:rtp-hdrext:sdes:mid")])
        #expect(answer.bundleGroup?.identificationTags == ["0"])

        #expect(negotiated.profile == .udpTLSRTPSAVPF)
        #expect(negotiated.codec.codec == .opus)
        #expect(negotiated.codec.payloadType == 111 && negotiated.codec.receivePayloadType == 111)
        #expect(negotiated.codec.clockRate == 48000 && negotiated.codec.channels == 2)
        #expect(negotiated.codec.remoteParameters?.parameters == "minptime=10;useinbandfec=1")
        #expect(negotiated.codec.localParameters?.value(for: "maxaveragebitrate") == "48000")
        #expect(negotiated.telephoneEvent?.payloadType == 110)
        #expect(negotiated.telephoneEvent?.clockRate == 48000)
        #expect(negotiated.localSetup == .active && negotiated.isDTLSClient)
        #expect(negotiated.rtcpMux && negotiated.rtcpReducedSize)
        #expect(negotiated.mid == "0")
        #expect(negotiated.bundleGroup == ["0"])
        #expect(negotiated.direction == .sendrecv)
        #expect(negotiated.remoteICE?.usernameFragment == offer.media[0].iceUsernameFragment)
        #expect(negotiated.remoteICE?.supportsTrickle == true)
        #expect(negotiated.remoteICE?.isLite == false)
        #expect(negotiated.remoteCandidates.count == 2)
        #expect(!negotiated.remoteEndOfCandidates)
        #expect(negotiated.remoteFingerprints.count == 1)
        #expect(negotiated.remoteSSRCs.count == 1)
        #expect(negotiated.headerExtensions.map(\.id) == [4])
    }

    @Test("RFC 3264 §6: our answers are byte-for-byte the fixtures Chromium, aiortc and baresip accepted", arguments: [
        ("chromium-offer.sdp", "ours-answer-to-chromium.sdp", false),
        ("aiortc-offer.sdp", "ours-answer-to-aiortc.sdp", false),
        ("baresip-offer.sdp", "ours-answer-to-baresip.sdp", true),
    ])
    func acceptedAnswers(offer: String, answer: String, plain: Bool) throws {
        let local = plain ? SDPFixtures.ourPlainLocal : SDPFixtures.ourLocal
        let (made, _) = try SDPOfferAnswer.makeAnswer(to: try SDPFixtures.session(offer), local: local)
        #expect(made.serialized() == (try SDPFixtures.bytes(answer)))
    }

    @Test("RFC 4733 §7.1: with PCMU preferred the telephone-event at 8000 Hz (126) is chosen")
    func telephoneEventByClock() throws {
        var local = SDPFixtures.ourLocal
        local.codecs = try SDPCodecPreference([.pcmu, .opus])
        let (answer, negotiated) = try Self.answer(try SDPFixtures.session("chromium-offer.sdp"), local)
        #expect(answer.media[0].formats == ["0", "126"])
        #expect(negotiated.codec.codec == .pcmu)
        #expect(negotiated.telephoneEvent?.payloadType == 126)
        #expect(negotiated.telephoneEvent?.clockRate == 8000)
        local.telephoneEvent = false
        #expect(try Self.answer(try SDPFixtures.session("chromium-offer.sdp"), local).1.telephoneEvent == nil)
    }

    @Test("RFC 3264 §6: aiortc's offer → opus 96, three remote fingerprints, no telephone-event offered")
    func aiortcOffer() throws {
        let (answer, negotiated) = try Self.answer(try SDPFixtures.session("aiortc-offer.sdp"))
        #expect(answer.media[0].formats == ["96"])
        #expect(answer.media[0].rtpMap(for: "96")?.description == "96 opus/48000/2")
        #expect(!answer.media[0].isRTCPReducedSize, "aiortc does not offer rtcp-rsize")
        #expect(negotiated.codec.payloadType == 96)
        #expect(negotiated.telephoneEvent == nil)
        #expect(negotiated.remoteFingerprints.count == 3)
        #expect(negotiated.remoteEndOfCandidates)
        #expect(negotiated.remoteICE?.supportsTrickle == false)
        #expect(negotiated.localSetup == .active)
        #expect(negotiated.bundleGroup == ["0"])
    }

    @Test("RFC 3264 §6: baresip's RTP/AVP offer → plain RTP answer, no ICE or DTLS lines")
    func baresipOffer() throws {
        let (answer, negotiated) = try Self.answer(try SDPFixtures.session("baresip-offer.sdp"))
        let audio = answer.media[0]
        #expect(audio.mediaLine.proto == "RTP/AVP")
        #expect(audio.formats == ["96", "101"])
        #expect(audio.formatParameters(for: "101")?.parameters == "0-15")
        #expect(!answer.text.contains("a=fingerprint") && !answer.text.contains("a=setup"))
        #expect(!answer.text.contains("a=ice-") && !answer.text.contains("a=candidate"))
        #expect(!audio.isRTCPMultiplexed)
        #expect(answer.bundleGroup == nil && audio.mid == nil)
        #expect(negotiated.profile == .rtpAVP)
        #expect(negotiated.localSetup == nil && negotiated.remoteICE == nil)
        #expect(negotiated.codec.payloadType == 96)
        #expect(negotiated.codec.remoteParameters?.value(for: "stereo") == "1")
        #expect(negotiated.telephoneEvent == SDPNegotiatedTelephoneEvent(payloadType: 101, receivePayloadType: 101,
                                                                         clockRate: 8000, remoteEvents: "0-15"),
                "no telephone-event/48000 offered: the 8000 Hz one is taken")
        #expect(negotiated.remoteAddress == "127.0.0.1" && negotiated.remotePort == 10622)
        #expect(!negotiated.rtcpMux && negotiated.rtcpReducedSize)
        #expect(negotiated.remotePacketTime == 20)
        #expect(negotiated.remoteSSRCs == [1_210_492_941])
    }

    @Test("RFC 3264 §6: video and application streams are rejected with port 0 and their format lists")
    func rejectedStreams() throws {
        let offer = try Self.chromium { offer in
            offer.lines.removeAll { $0.isAttribute("group") }
            offer.lines.append(.attribute("group", "BUNDLE 0 1 2"))
            var video = SDPMediaDescription(mediaLine: SDPMediaLine(media: "video", port: 9, proto: "UDP/TLS/RTP/SAVPF",
                                                                    formats: ["96", "97"]))
            video.appendAttribute("mid", "1")
            video.appendAttribute("rtpmap", "96 VP8/90000")
            var data = SDPMediaDescription(mediaLine: SDPMediaLine(media: "application", port: 9, proto: "UDP/DTLS/SCTP",
                                                                   formats: ["webrtc-datachannel"]))
            data.appendAttribute("mid", "2")
            offer.media += [video, data]
        }
        let (answer, negotiated) = try Self.answer(offer)
        #expect(answer.media.count == 3)
        #expect(answer.media[1].mediaLine == SDPMediaLine(media: "video", port: 0, proto: "UDP/TLS/RTP/SAVPF", formats: ["96", "97"]))
        #expect(answer.media[2].mediaLine == SDPMediaLine(media: "application", port: 0, proto: "UDP/DTLS/SCTP",
                                                          formats: ["webrtc-datachannel"]))
        #expect(answer.media[1].mid == "1" && answer.media[2].mid == "2")
        #expect(answer.media[1].connection?.address == "0.0.0.0")
        #expect(answer.bundleGroup?.identificationTags == ["0"])
        #expect(negotiated.mediaIndex == 0)
    }

    @Test("RFC 3264 §6: the first active audio stream is taken; later audio and disabled ones get port 0")
    func severalAudioStreams() throws {
        let base = try SDPFixtures.session("baresip-offer.sdp")
        var disabled = base.media[0]
        disabled.mediaLine.port = 0
        let offer = SDPSession(lines: base.lines, media: [disabled, base.media[0], base.media[0]])
        let (answer, negotiated) = try Self.answer(offer)
        #expect(negotiated.mediaIndex == 1)
        #expect(answer.media.map(\.port) == [0, 40000, 0])
        #expect(answer.media[0].formats == base.media[0].formats)
    }

    @Test("RFC 3264 §6.1: the answer's direction follows the offer's and ours")
    func directions() throws {
        let cases: [(SDPDirection, SDPDirection, SDPDirection)] = [
            (.sendonly, .sendrecv, .recvonly), (.recvonly, .sendrecv, .sendonly), (.inactive, .sendrecv, .inactive),
            (.sendrecv, .recvonly, .recvonly), (.sendrecv, .sendonly, .sendonly), (.sendonly, .sendonly, .inactive),
        ]
        for (offered, wanted, expected) in cases {
            let offer = try Self.chromium { offer in
                offer.media[0].lines.removeAll { $0.isAttribute("sendrecv") }
                offer.media[0].appendAttribute(offered.rawValue)
            }
            var local = SDPFixtures.ourLocal
            local.direction = wanted
            let (answer, negotiated) = try Self.answer(offer, local)
            #expect(answer.media[0].direction == expected, "\(offered) + \(wanted)")
            #expect(negotiated.direction == expected)
            #expect(answer.media[0].ssrcAttributes.isEmpty == !expected.sends, "ssrc only when we send")
        }
    }

    @Test("RFC 8842 §5, RFC 5763 §5: our setup role answers the offered one")
    func setupRoles() throws {
        for (offered, ours) in [(SDPSetupRole?.some(.active), SDPSetupRole.passive), (.passive, .active), (nil, .active)] {
            let offer = try Self.chromium { offer in
                offer.media[0].removeAttributes("setup")
                if let offered { offer.media[0].appendAttribute("setup", offered.rawValue) }
            }
            let (answer, negotiated) = try Self.answer(offer)
            #expect(answer.media[0].setup == ours)
            #expect(negotiated.localSetup == ours)
        }
        let holdconn = try Self.chromium { $0.media[0].lines = $0.media[0].lines.map { line in
            line.isAttribute("setup") ? .attribute("setup", "holdconn") : line
        } }
        #expect(throws: SDPNegotiationError.unusableSetupRole(.holdconn)) { try SDPOfferAnswer.makeAnswer(to: holdconn, local: SDPFixtures.ourLocal) }
    }

    @Test("RFC 8839 §5.4, RFC 8122 §5: session-level ICE and fingerprint attributes are used when media has none")
    func sessionLevelTransport() throws {
        let offer = try Self.chromium { offer in
            let moved = offer.media[0].lines.filter { $0.isAttribute("ice-ufrag") || $0.isAttribute("ice-pwd") || $0.isAttribute("fingerprint") }
            offer.media[0].lines.removeAll { moved.contains($0) }
            offer.lines += moved
            offer.lines.append(.attribute("ice-lite"))
        }
        let original = try SDPFixtures.session("chromium-offer.sdp").media[0]
        #expect(offer.media[0].iceUsernameFragment == nil && offer.iceUsernameFragment != nil)
        let negotiated = try Self.answer(offer).1
        #expect(negotiated.remoteICE?.usernameFragment == original.iceUsernameFragment)
        #expect(negotiated.remoteICE?.password == original.icePassword)
        #expect(negotiated.remoteICE?.isLite == true)
        #expect(negotiated.remoteFingerprints.count == 1)
    }

    @Test("a large offer (6000 formats, 2000 rtpmaps, 2000 candidates) parses and negotiates")
    func largeOffer() throws {
        var lines = ["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "c=IN IP4 127.0.0.1"]
        lines.append("m=audio 4000 RTP/AVP " + (0..<6000).map { String(96 + $0 % 32) }.joined(separator: " ") + " 0")
        lines += (0..<2000).map { "a=rtpmap:\(96 + $0 % 32) x-codec\($0)/8000" }
        lines += (0..<2000).map { "a=candidate:\($0) 1 udp \($0) 127.0.0.1 \(1000 + $0) typ host" }
        lines += (0..<2000).map { "a=ssrc:\($0) cname:c" }
        let bytes = SDPFixtures.crlf(lines)
        let offer = try SDPSession(parsing: bytes)
        #expect(offer.serialized() == bytes)
        let (answer, negotiated) = try Self.answer(offer, SDPFixtures.ourPlainLocal)
        #expect(answer.media[0].formats == ["0"])
        #expect(negotiated.remoteSSRCs.count == 2000)
        _ = try offer.applyingCodecPreference(.default).applyingOpusMaxAverageBitrate(.default)
    }

    @Test("RFC 3264 §6: offers that cannot be answered give typed errors (the SIP layer sends 488)")
    func errors() throws {
        let local = SDPFixtures.ourLocal
        func answer(_ offer: SDPSession, _ local: SDPLocalMedia = SDPFixtures.ourLocal) throws(SDPNegotiationError) {
            _ = try SDPOfferAnswer.makeAnswer(to: offer, local: local)
        }
        let videoOnly = try SDPSession(parsing: SDPFixtures.crlf(["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0",
                                                                  "m=video 9 RTP/AVP 96", "a=rtpmap:96 VP8/90000"]))
        #expect(throws: SDPNegotiationError.noAudioStream) { try answer(videoOnly) }
        let disabled = try Self.chromium { $0.media[0].mediaLine.port = 0 }
        #expect(throws: SDPNegotiationError.noAudioStream) { try answer(disabled) }
        let sdes = try Self.chromium { $0.media[0].mediaLine.proto = "RTP/SAVP" }
        #expect(throws: SDPNegotiationError.unsupportedProfile("RTP/SAVP")) { try answer(sdes) }
        let g722 = try Self.chromium { $0.media[0].mediaLine.formats = ["9", "13", "110"] }
        #expect(throws: SDPNegotiationError.noCommonCodec) { try answer(g722) }
        var noCertificate = local
        noCertificate.fingerprints = []
        #expect(throws: SDPNegotiationError.missingLocalFingerprint) { try answer(try SDPFixtures.session("chromium-offer.sdp"), noCertificate) }
        let noFingerprint = try Self.chromium { $0.media[0].removeAttributes("fingerprint") }
        #expect(throws: SDPNegotiationError.missingFingerprint) { try answer(noFingerprint) }
        let halfICE = try Self.chromium { $0.media[0].removeAttributes("ice-pwd") }
        #expect(throws: SDPNegotiationError.incompleteICECredentials) { try answer(halfICE) }
        #expect(SDPNegotiationError.noCommonCodec.description == "no codec in common")
    }
}

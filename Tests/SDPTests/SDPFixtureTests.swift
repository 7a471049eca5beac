import Testing
import SDP

/// The captured descriptions in Fixtures/SDP/: every one parses, round-trips byte-exact and
/// reads as the peer wrote it.
@Suite("RFC 8866 §5 captured fixtures")
struct SDPFixtureTests {
    @Test("the fixtures are all there")
    func present() {
        let all = Set(SDPFixtures.all)
        for name in SDPFixtures.captured + ["baresip-offer.sdp", "baresip-answer-to-ours.sdp",
                                            "ours-offer-savpf.sdp", "ours-offer-avp.sdp", "ours-answer-to-chromium.sdp",
                                            "ours-answer-to-aiortc.sdp", "ours-answer-to-baresip.sdp"] {
            #expect(all.contains(name), "\(name)")
        }
    }

    @Test("RFC 8866 §5: every fixture parses and serializes back byte-exact, CRLF kept",
          arguments: SDPFixtures.all)
    func roundTrip(name: String) throws {
        let bytes = try SDPFixtures.bytes(name)
        let session = try SDPSession(parsing: bytes)
        #expect(session.serialized() == bytes)
        #expect(session.allLines.allSatisfy { $0.ending == .crlf })
        #expect(session.media.count == 1)
        #expect(session.media[0].media == "audio")
    }

    @Test("RFC 8839 §5.1, RFC 8122 §5: typed candidates and fingerprints print as the peers wrote them",
          arguments: SDPFixtures.all)
    func typedValuesRoundTrip(name: String) throws {
        let session = try SDPFixtures.session(name)
        for media in session.media {
            let candidateLines = media.attributeValues("candidate")
            #expect(media.candidates.map(\.attributeValue) == candidateLines)
            let fingerprintLines = media.attributeValues("fingerprint")
            #expect(media.fingerprints.map(\.description) == fingerprintLines)
            let rtpmapLines = media.attributeValues("rtpmap")
            #expect(media.rtpMaps.map(\.description) == rtpmapLines)
            #expect(media.extmaps.map(\.description) == media.attributeValues("extmap"))
            #expect(media.ssrcAttributes.map(\.description) == media.attributeValues("ssrc"))
        }
        #expect(session.origin?.description == session.lines.first { $0.type == .origin }?.value)
    }

    @Test("Chromium's offer: JSEP attributes read as typed values")
    func chromiumOffer() throws {
        let offer = try SDPFixtures.session("chromium-offer.sdp")
        let audio = offer.media[0]
        #expect(audio.transportProfile == .udpTLSRTPSAVPF)
        #expect(audio.formats == ["111", "63", "9", "0", "8", "13", "110", "126"])
        #expect(audio.rtpMap(for: "110") == SDPRTPMap(payloadType: 110, encodingName: "telephone-event", clockRate: 48000))
        #expect(audio.rtpMap(for: "126")?.clockRate == 8000)
        #expect(audio.formatParameters(for: "111")?.value(for: "useinbandfec") == "1")
        #expect(audio.rtcpFeedback(for: "111").map(\.feedback) == ["transport-cc"])
        #expect(audio.setup == .actpass)
        #expect(audio.mid == "0")
        #expect(audio.isRTCPMultiplexed && audio.isRTCPReducedSize)
        #expect(audio.iceOptions == ["trickle"])
        #expect(audio.candidates.count == 2)
        #expect(audio.candidates.contains { $0.tcpType == .active })
        #expect(audio.candidates.allSatisfy { $0.address == "127.0.0.1" })
        #expect(audio.fingerprints.count == 1)
        #expect(audio.extmaps.count == 4)
        #expect(audio.msid?.trackID != nil)
        #expect(audio.rtcpPort == 9)
        #expect(offer.bundleGroup?.identificationTags == ["0"])
        #expect(audio.direction == .sendrecv)
    }

    @Test("aiortc's offer: several fingerprints, end-of-candidates, no ice-options")
    func aiortcOffer() throws {
        let offer = try SDPFixtures.session("aiortc-offer.sdp")
        let audio = offer.media[0]
        #expect(audio.fingerprints.map(\.hashFunction) == ["sha-256", "sha-384", "sha-512"])
        #expect(audio.hasEndOfCandidates)
        #expect(audio.iceOptions.isEmpty)
        #expect(audio.candidates.count == 1)
        #expect(audio.rtpMap(for: "96").flatMap(SDPAudioCodec.matching) == .opus)
    }

    @Test("baresip's offer: plain RTP/AVP, session-level c=, telephone-event/8000")
    func baresipOffer() throws {
        let offer = try SDPFixtures.session("baresip-offer.sdp")
        let audio = offer.media[0]
        #expect(audio.transportProfile == .rtpAVP)
        #expect(offer.connection?.host == "127.0.0.1")
        #expect(audio.connection == nil)
        #expect(audio.rtpMap(for: "101")?.isTelephoneEvent == true)
        #expect(audio.packetTime == 20)
        #expect(!audio.isRTCPMultiplexed)
        #expect(audio.fingerprints.isEmpty)
    }
}

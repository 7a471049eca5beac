import Testing
import SDP

/// Our offers (RFC 3264 §5, RFC 8829 §5.2.1).
@Suite("RFC 3264 §5 offers")
struct SDPOfferTests {
    @Test("RFC 3264 §5: our DTLS-SRTP offer is byte-for-byte the fixture Chromium and aiortc answered")
    func savpfFixture() throws {
        let offer = SDPOfferAnswer.makeOffer(SDPFixtures.ourLocal)
        #expect(offer.serialized() == (try SDPFixtures.bytes("ours-offer-savpf.sdp")))
    }

    @Test("RFC 3264 §5: our plain RTP/AVP offer is byte-for-byte the fixture baresip answered")
    func avpFixture() throws {
        let offer = SDPOfferAnswer.makeOffer(SDPFixtures.ourPlainLocal)
        #expect(offer.serialized() == (try SDPFixtures.bytes("ours-offer-avp.sdp")))
        #expect(!offer.text.contains("a=fingerprint"))
        #expect(!offer.text.contains("a=setup"))
        #expect(!offer.text.contains("a=group"))
    }

    @Test("RFC 8829 §5.2.1: the JSEP attributes of a browser-style offer")
    func jsepAttributes() throws {
        let offer = SDPOfferAnswer.makeOffer(SDPFixtures.ourLocal)
        let audio = offer.media[0]
        #expect(audio.mediaLine == SDPMediaLine(media: "audio", port: 40000, proto: "UDP/TLS/RTP/SAVPF",
                                                formats: ["111", "0", "110", "126"]))
        #expect(audio.formatParameters(for: "111")?.value(for: "maxaveragebitrate") == "48000")
        #expect(audio.setup == .actpass)
        #expect(audio.mid == "0")
        #expect(offer.bundleGroup?.identificationTags == ["0"])
        #expect(audio.iceUsernameFragment == "Swft")
        #expect(audio.hasEndOfCandidates)
        #expect(audio.ssrcAttributes.map(\.name) == ["cname", "msid"])
        #expect(audio.msid == SDPMSID(streamID: "plivo-stream", trackID: "plivo-audio"))
    }

    @Test("the seed's options: codecs and maxAverageBitrate shape the offer; telephone-event follows the clock")
    func options() throws {
        var local = SDPFixtures.ourLocal
        local.codecs = try SDPCodecPreference([.pcmu])
        local.maxAverageBitrate = try SDPOpusMaxAverageBitrate(16000)
        var offer = SDPOfferAnswer.makeOffer(local)
        #expect(offer.media[0].formats == ["0", "126"])
        #expect(offer.media[0].rtpMap(for: "126")?.clockRate == 8000)
        local.codecs = try SDPCodecPreference([.opus])
        offer = SDPOfferAnswer.makeOffer(local)
        #expect(offer.media[0].formats == ["111", "110"])
        #expect(offer.media[0].formatParameters(for: "111")?.parameters == "minptime=10;useinbandfec=1;maxaveragebitrate=16000")
        local.telephoneEvent = false
        #expect(SDPOfferAnswer.makeOffer(local).media[0].formats == ["111"])
    }

    @Test("RFC 3264 §5.1: a receive-only offer carries no ssrc or msid; IPv6 addresses use IP6")
    func recvonlyAndIPv6() throws {
        var local = SDPFixtures.ourLocal
        local.direction = .recvonly
        local.address = "::1"
        let offer = SDPOfferAnswer.makeOffer(local)
        #expect(offer.media[0].direction == .recvonly)
        #expect(offer.media[0].ssrcAttributes.isEmpty)
        #expect(offer.media[0].msid == nil)
        #expect(offer.media[0].connection == SDPConnection(addressType: "IP6", address: "::1"))
        #expect(offer.origin?.addressType == "IP6")
        #expect(try SDPSession(parsing: offer.serialized()) == offer)
    }

    @Test("RFC 8285 §5: offered header extensions are numbered from 1; ice-lite is session level")
    func extensionsAndLite() throws {
        var local = SDPFixtures.ourLocal
        local.headerExtensions = ["urn:ietf:params:rtp-hdrext:sdes:mid", "urn:ietf:params:rtp-hdrext:ssrc-audio-level"]
        local.ice?.isLite = true
        let offer = SDPOfferAnswer.makeOffer(local)
        #expect(offer.media[0].extmaps.map(\.id) == [1, 2])
        #expect(offer.isICELite)
        #expect(try SDPSession(parsing: offer.serialized()) == offer)
    }
}

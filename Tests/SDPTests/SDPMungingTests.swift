import Testing
import SDP

/// The seed's SDP munging (plivo-sdk-behaviour §5.3): `codecs` and `maxAverageBitrate`.
@Suite("seed SDP munging")
struct SDPMungingTests {
    @Test("codecs [OPUS, PCMU]: Chromium's m= line keeps 111 0 and telephone-event; other codecs' lines go")
    func chromiumOpusPCMU() throws {
        let offer = try SDPFixtures.session("chromium-offer.sdp")
        let munged = try offer.applyingCodecPreference(.default)
        let audio = munged.media[0]
        #expect(audio.formats == ["111", "0", "110", "126"])
        #expect(audio.rtpMaps.map(\.payloadType) == [111, 0, 110, 126])
        #expect(audio.formatParameters(for: "63") == nil, "red's fmtp is gone")
        #expect(audio.rtcpFeedback(for: "111").count == 1, "opus keeps its rtcp-fb")
        #expect(munged.text.contains("m=audio \(offer.media[0].port) UDP/TLS/RTP/SAVPF 111 0 110 126\r\n"))
        let removed = offer.allLines.count - munged.allLines.count
        #expect(removed == 5, "rtpmap 63, fmtp 63, rtpmap 9, rtpmap 8, rtpmap 13 and nothing else")
        #expect(try SDPSession(parsing: munged.serialized()) == munged)
    }

    @Test("codecs order is the m= line order; keepingTelephoneEvent: false reproduces the SDK")
    func orderAndSDKQuirk() throws {
        let offer = try SDPFixtures.session("chromium-offer.sdp")
        let pcmuFirst = try offer.applyingCodecPreference(try SDPCodecPreference([.pcmu, .opus]))
        #expect(pcmuFirst.media[0].formats == ["0", "111", "110", "126"])
        let sdk = try offer.applyingCodecPreference(.default, keepingTelephoneEvent: false)
        #expect(sdk.media[0].formats == ["111", "0"])
        #expect(sdk.media[0].rtpMaps.map(\.payloadType) == [111, 0])
        let pcmaOnly = try SDPFixtures.session("aiortc-offer.sdp").applyingCodecPreference(try SDPCodecPreference([.pcma]))
        #expect(pcmaOnly.media[0].formats == ["8"])
    }

    @Test("codecs: a static payload type without rtpmap is recognised; none preferred is a typed error")
    func staticAndMissing() throws {
        let plain = try SDPSession(parsing: SDPFixtures.crlf(["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0",
                                                              "m=audio 4000 RTP/AVP 9 0", "a=rtpmap:9 G722/8000"]))
        #expect(try plain.applyingCodecPreference(.default).media[0].formats == ["0"])
        let g722 = try SDPSession(parsing: SDPFixtures.crlf(["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0",
                                                             "m=video 0 RTP/AVP 31", "m=audio 4000 RTP/AVP 9"]))
        #expect(throws: SDPMungingError.noPreferredCodec(mediaIndex: 1)) { try g722.applyingCodecPreference(.default) }
    }

    @Test("maxAverageBitrate: added to Chromium's Opus fmtp, in place, other lines untouched")
    func bitrateChromium() throws {
        let offer = try SDPFixtures.session("chromium-offer.sdp")
        let munged = offer.applyingOpusMaxAverageBitrate(try SDPOpusMaxAverageBitrate(20000))
        #expect(munged.text.contains("a=fmtp:111 minptime=10;useinbandfec=1;maxaveragebitrate=20000\r\n"))
        #expect(munged.allLines.count == offer.allLines.count)
        let again = munged.applyingOpusMaxAverageBitrate(.default)
        #expect(again.media[0].formatParameters(for: "111")?.parameters == "minptime=10;useinbandfec=1;maxaveragebitrate=48000",
                "an existing value is replaced, not duplicated")
    }

    @Test("maxAverageBitrate: an fmtp line is added after aiortc's Opus rtpmap; baresip's stereo fmtp is extended")
    func bitrateAddedOrExtended() throws {
        let aiortc = try SDPFixtures.session("aiortc-offer.sdp").applyingOpusMaxAverageBitrate(try SDPOpusMaxAverageBitrate(8000))
        #expect(aiortc.text.contains("a=rtpmap:96 opus/48000/2\r\na=fmtp:96 maxaveragebitrate=8000\r\na=rtpmap:9 G722/8000\r\n"))
        let baresip = try SDPFixtures.session("baresip-offer.sdp").applyingOpusMaxAverageBitrate(.default)
        #expect(baresip.media[0].formatParameters(for: "96")?.parameters == "stereo=1;sprop-stereo=1;maxaveragebitrate=48000")
        #expect(try SDPSession(parsing: aiortc.serialized()) == aiortc)
    }

    @Test("munged remote offers still negotiate")
    func mungedNegotiates() throws {
        let offer = try SDPFixtures.session("chromium-offer.sdp").applyingCodecPreference(.default)
            .applyingOpusMaxAverageBitrate(try SDPOpusMaxAverageBitrate(32000))
        let (_, negotiated) = try SDPOfferAnswer.makeAnswer(to: offer, local: SDPFixtures.ourLocal)
        #expect(negotiated.codec.payloadType == 111)
        #expect(negotiated.codec.remoteParameters?.value(for: "maxaveragebitrate") == "32000")
        #expect(negotiated.telephoneEvent?.payloadType == 110)
    }
}

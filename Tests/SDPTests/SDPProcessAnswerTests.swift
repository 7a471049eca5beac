import Testing
import SDP

/// Reading answers to our offers (RFC 3264 §7, RFC 8829 §5.8).
@Suite("RFC 3264 §7 answers to our offers")
struct SDPProcessAnswerTests {
    static func ours() throws -> SDPSession { try SDPFixtures.session("ours-offer-savpf.sdp") }

    static func chromiumAnswer(editing edit: (inout SDPSession) -> Void) throws -> SDPSession {
        var answer = try SDPFixtures.session("chromium-answer-to-ours.sdp")
        edit(&answer)
        return answer
    }

    @Test("RFC 3264 §7: Chromium's answer to our offer → opus 111, telephone-event 110, we are DTLS server")
    func chromium() throws {
        let answer = try SDPFixtures.session("chromium-answer-to-ours.sdp")
        let negotiated = try SDPOfferAnswer.processAnswer(answer, toOffer: try Self.ours())
        #expect(negotiated.codec.codec == .opus)
        #expect(negotiated.codec.payloadType == 111 && negotiated.codec.receivePayloadType == 111)
        #expect(negotiated.codec.remoteParameters?.value(for: "useinbandfec") == "1")
        #expect(negotiated.codec.localParameters?.value(for: "maxaveragebitrate") == "48000")
        #expect(negotiated.telephoneEvent?.payloadType == 110 && negotiated.telephoneEvent?.clockRate == 48000)
        #expect(negotiated.localSetup == .passive && !negotiated.isDTLSClient)
        #expect(negotiated.rtcpMux && negotiated.rtcpReducedSize)
        #expect(negotiated.mid == "0" && negotiated.bundleGroup == ["0"])
        #expect(negotiated.direction == .sendrecv)
        #expect(negotiated.remoteICE?.usernameFragment == answer.media[0].iceUsernameFragment)
        #expect(negotiated.remoteICE?.supportsTrickle == true)
        #expect(negotiated.remoteCandidates.count == answer.media[0].candidates.count)
        #expect(negotiated.remoteFingerprints.count == 1)
        #expect(negotiated.remoteSSRCs.count == 1)
    }

    @Test("RFC 3264 §7: aiortc's answer to our offer → opus 111, no telephone-event, no rtcp-rsize")
    func aiortc() throws {
        let negotiated = try SDPOfferAnswer.processAnswer(try SDPFixtures.session("aiortc-answer-to-ours.sdp"),
                                                          toOffer: try Self.ours())
        #expect(negotiated.codec.payloadType == 111)
        #expect(negotiated.telephoneEvent == nil)
        #expect(negotiated.localSetup == .passive)
        #expect(negotiated.rtcpMux && !negotiated.rtcpReducedSize)
        #expect(negotiated.remoteFingerprints.map(\.hashFunction) == ["sha-256", "sha-384", "sha-512"])
        #expect(negotiated.remoteEndOfCandidates)
        #expect(negotiated.remoteICE?.supportsTrickle == false)
    }

    @Test("RFC 3264 §7: baresip's answer to our RTP/AVP offer → opus 111, telephone-event 126 at 8000 Hz")
    func baresip() throws {
        let negotiated = try SDPOfferAnswer.processAnswer(try SDPFixtures.session("baresip-answer-to-ours.sdp"),
                                                          toOffer: try SDPFixtures.session("ours-offer-avp.sdp"))
        #expect(negotiated.profile == .rtpAVP)
        #expect(negotiated.codec.codec == .opus && negotiated.codec.payloadType == 111)
        #expect(negotiated.telephoneEvent == SDPNegotiatedTelephoneEvent(payloadType: 126, receivePayloadType: 126,
                                                                         clockRate: 8000, remoteEvents: "0-15"))
        #expect(negotiated.localSetup == nil && negotiated.remoteICE == nil)
        #expect(!negotiated.rtcpMux)
        #expect(negotiated.remoteAddress == "127.0.0.1")
        #expect(negotiated.remotePort == 11080)
        #expect(negotiated.remotePacketTime == 20)
        #expect(negotiated.mid == nil && negotiated.bundleGroup == nil)
    }

    @Test("RFC 3264 §7: each captured answer reads against the offer it answered")
    func peerPairs() throws {
        let chromium = try SDPOfferAnswer.processAnswer(try SDPFixtures.session("chromium-answer.sdp"),
                                                        toOffer: try SDPFixtures.session("chromium-offer.sdp"))
        #expect(chromium.codec.payloadType == 111 && chromium.telephoneEvent?.payloadType == 110)
        #expect(chromium.localSetup == .passive)
        let aiortc = try SDPOfferAnswer.processAnswer(try SDPFixtures.session("aiortc-answer.sdp"),
                                                      toOffer: try SDPFixtures.session("aiortc-offer.sdp"))
        #expect(aiortc.codec.payloadType == 96 && aiortc.localSetup == .passive)
    }

    @Test("RFC 3264 §6, §7: our own answer, read back against the offer, agrees with makeAnswer", arguments: [
        "chromium-offer.sdp", "aiortc-offer.sdp", "baresip-offer.sdp", "ours-offer-savpf.sdp", "ours-offer-avp.sdp",
    ])
    func ourAnswerReadBack(name: String) throws {
        let offer = try SDPFixtures.session(name)
        let (answer, answered) = try SDPOfferAnswer.makeAnswer(to: offer, local: SDPFixtures.ourLocal)
        let read = try SDPOfferAnswer.processAnswer(answer, toOffer: offer)
        #expect(read.codec.codec == answered.codec.codec)
        #expect(read.codec.payloadType == answered.codec.payloadType)
        #expect(read.telephoneEvent?.payloadType == answered.telephoneEvent?.payloadType)
        #expect(read.localSetup == answered.localSetup.map { $0 == .active ? .passive : .active })
        #expect(read.direction == answered.direction.reversed)
        #expect(read.rtcpMux == answered.rtcpMux)
        #expect(read.mid == answered.mid)
    }

    @Test("RFC 3264 §7: the answerer's payload type is the one we send with")
    func differentPayloadTypes() throws {
        let answer = try Self.chromiumAnswer { answer in
            answer.media[0].mediaLine.formats = ["100", "0"]
            answer.media[0].lines = answer.media[0].lines.map { line in
                line.value == "rtpmap:111 opus/48000/2" ? .attribute("rtpmap", "100 opus/48000/2") : line
            }
        }
        let negotiated = try SDPOfferAnswer.processAnswer(answer, toOffer: try Self.ours())
        #expect(negotiated.codec.payloadType == 100)
        #expect(negotiated.codec.receivePayloadType == 111)
        #expect(negotiated.telephoneEvent == nil, "the answer's m= line no longer lists telephone-event")
    }

    @Test("RFC 3264 §7, RFC 4145 §4: answered setup and direction decide our role and direction")
    func roleAndDirection() throws {
        let passive = try Self.chromiumAnswer { answer in
            answer.media[0].removeAttributes("setup")
            answer.media[0].appendAttribute("setup", "passive")
            answer.media[0].removeAttributes("sendrecv")
            answer.media[0].appendAttribute("recvonly")
        }
        var negotiated = try SDPOfferAnswer.processAnswer(passive, toOffer: try Self.ours())
        #expect(negotiated.localSetup == .active)
        #expect(negotiated.direction == .sendonly)
        let none = try Self.chromiumAnswer { $0.media[0].removeAttributes("setup") }
        negotiated = try SDPOfferAnswer.processAnswer(none, toOffer: try Self.ours())
        #expect(negotiated.localSetup == .active, "RFC 4145 §4: a missing setup in an answer means passive")
    }

    @Test("RFC 3264 §6, §7: answers that cannot be used give typed errors")
    func errors() throws {
        let ours = try Self.ours()
        func process(_ answer: SDPSession) throws(SDPNegotiationError) {
            _ = try SDPOfferAnswer.processAnswer(answer, toOffer: ours)
        }
        let extra = try Self.chromiumAnswer { $0.media.append($0.media[0]) }
        #expect(throws: SDPNegotiationError.mediaCountMismatch(offered: 1, answered: 2)) { try process(extra) }
        let rejected = try Self.chromiumAnswer { $0.media[0].mediaLine.port = 0 }
        #expect(throws: SDPNegotiationError.audioRejected) { try process(rejected) }
        let plain = try Self.chromiumAnswer { $0.media[0].mediaLine.proto = "RTP/AVP" }
        #expect(throws: SDPNegotiationError.answerMismatch(mediaIndex: 0)) { try process(plain) }
        let actpass = try Self.chromiumAnswer { answer in
            answer.media[0].removeAttributes("setup")
            answer.media[0].appendAttribute("setup", "actpass")
        }
        #expect(throws: SDPNegotiationError.unusableSetupRole(.actpass)) { try process(actpass) }
        let noFingerprint = try Self.chromiumAnswer { $0.media[0].removeAttributes("fingerprint") }
        #expect(throws: SDPNegotiationError.missingFingerprint) { try process(noFingerprint) }
        let g722 = try Self.chromiumAnswer { answer in
            answer.media[0].mediaLine.formats = ["9"]
            answer.media[0].appendAttribute("rtpmap", "9 G722/8000")
        }
        #expect(throws: SDPNegotiationError.noCommonCodec) { try process(g722) }
        let noAudioOffer = try SDPSession(parsing: SDPFixtures.crlf(["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0"]))
        #expect(throws: SDPNegotiationError.noAudioStream) {
            _ = try SDPOfferAnswer.processAnswer(try SDPFixtures.session("chromium-answer-to-ours.sdp"), toOffer: noAudioOffer)
        }
    }
}

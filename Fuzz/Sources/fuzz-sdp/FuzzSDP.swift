// libFuzzer target for the SDP module: SDPSession(parsing:), serialization, the typed
// attribute values, offer/answer and munging, one session description per input.
//
// Oracle (a crash = a finding):
//   * lossless: whenever parsing succeeds, serialize(parse(x)) == x, byte for byte;
//   * parse(serialize(parse(x))) == parse(x);
//   * every typed value read from the lines (candidates, fingerprints, rtpmaps, fmtp, ssrc,
//     extmap, msid, group, origin, m= line) parses back equal from its own printed form;
//   * answering the input as an offer never traps; when it succeeds, our answer parses back
//     equal and reading it back with processAnswer succeeds and agrees on codec, payload
//     types and telephone-event;
//   * processAnswer of the input against our offer, and the seed munging, never trap.
//
// This file must not be called main.swift: libFuzzer provides main().
import FuzzSupport
import SDP

/// The local media every input is answered with: DTLS and ICE ready, Opus + PCMU + PCMA.
let fuzzLocal: SDPLocalMedia = {
    var local = SDPLocalMedia()
    local.codecs = (try? SDPCodecPreference([.opus, .pcmu, .pcma])) ?? .default
    local.ice = SDPICEParameters(usernameFragment: "fuzz", password: "fuzzfuzzfuzzfuzzfuzzfuzz", options: ["trickle"])
    local.candidates = [SDPCandidate(foundation: "1", priority: 2_130_706_431, address: "127.0.0.1", port: 9)]
    local.fingerprints = [SDPFingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0xAB, count: 32))]
    local.ssrc = 1
    local.cname = "fuzz"
    local.msid = SDPMSID(streamID: "s", trackID: "t")
    local.headerExtensions = ["urn:ietf:params:rtp-hdrext:sdes:mid"]
    return local
}()

/// Our offer, against which every input is also read as an answer.
let fuzzOffer = SDPOfferAnswer.makeOffer(fuzzLocal)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSDP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let session = try? SDPSession(parsing: bytes) else { return 0 }

    let wire = session.serialized()
    if wire != bytes {
        fatalError("serialize(parse(x)) != x\ninput:      \(describe(bytes))\nserialized: \(describe(wire))")
    }
    do {
        let again = try SDPSession(parsing: wire)
        if again != session { fatalError("parse(serialize(s)) != s: \(describe(bytes))") }
    } catch {
        fatalError("re-parsing the serialized session throws \(error): \(describe(bytes))")
    }

    checkTypedValues(session, input: bytes)
    checkOfferAnswer(session, input: bytes)
    _ = try? SDPOfferAnswer.processAnswer(session, toOffer: fuzzOffer)
    _ = try? session.applyingCodecPreference(.default)
    _ = try? session.applyingCodecPreference(.default, keepingTelephoneEvent: false)
    _ = session.applyingOpusMaxAverageBitrate(.default).serialized()
    return 0
}

/// Each typed value must parse back equal from its printed form.
func checkTypedValues(_ session: SDPSession, input: [UInt8]) {
    func same<T: Equatable>(_ value: T, _ reparsed: T?, _ what: String) {
        if reparsed != value { fatalError("\(what) does not survive print → parse: \(describe(input))") }
    }
    if let origin = session.origin { same(origin, SDPOrigin(parsing: origin.description), "o=") }
    if let connection = session.connection { same(connection, SDPConnection(parsing: connection.description), "c=") }
    for group in session.groups { same(group, SDPGroup(parsing: group.description), "group") }
    for fingerprint in session.fingerprints { same(fingerprint, SDPFingerprint(parsing: fingerprint.description), "fingerprint") }
    for media in session.media {
        same(media.mediaLine, SDPMediaLine(parsing: media.mediaLine.description), "m=")
        for candidate in media.candidates {
            same(candidate, SDPCandidate(parsing: candidate.attributeValue), "candidate")
            same(candidate, SDPCandidate(parsing: candidate.description), "trickle candidate")
        }
        for fingerprint in media.fingerprints { same(fingerprint, SDPFingerprint(parsing: fingerprint.description), "fingerprint") }
        for map in media.rtpMaps { same(map, SDPRTPMap(parsing: map.description), "rtpmap") }
        for ssrc in media.ssrcAttributes { same(ssrc, SDPSSRCAttribute(parsing: ssrc.description), "ssrc") }
        for extmap in media.extmaps { same(extmap, SDPExtmap(parsing: extmap.description), "extmap") }
        if let msid = media.msid { same(msid, SDPMSID(parsing: msid.description), "msid") }
        for format in media.formats {
            if let fmtp = media.formatParameters(for: format) {
                same(fmtp, SDPFormatParameters(parsing: fmtp.description), "fmtp")
                _ = fmtp.list
            }
            _ = media.rtcpFeedback(for: format)
        }
        _ = (media.packetTime, media.maxPacketTime, media.rtcpPort, media.direction, media.setup, media.iceOptions)
    }
}

/// Answers the input as an offer and reads our answer back.
func checkOfferAnswer(_ offer: SDPSession, input: [UInt8]) {
    guard let (answer, answered) = try? SDPOfferAnswer.makeAnswer(to: offer, local: fuzzLocal) else { return }
    let answerWire = answer.serialized()
    guard let reparsed = try? SDPSession(parsing: answerWire), reparsed == answer else {
        fatalError("our answer does not parse back\noffer:  \(describe(input))\nanswer: \(describe(answerWire))")
    }
    let read: SDPNegotiated
    do {
        read = try SDPOfferAnswer.processAnswer(answer, toOffer: offer)
    } catch {
        fatalError("processAnswer rejects our own answer (\(error))\noffer:  \(describe(input))\nanswer: \(describe(answerWire))")
    }
    if read.codec.codec != answered.codec.codec || read.codec.payloadType != answered.codec.payloadType
        || read.codec.receivePayloadType != answered.codec.receivePayloadType
        || read.telephoneEvent?.payloadType != answered.telephoneEvent?.payloadType
        || read.mediaIndex != answered.mediaIndex {
        fatalError("processAnswer disagrees with makeAnswer\noffer:  \(describe(input))\nanswer: \(describe(answerWire))")
    }
}

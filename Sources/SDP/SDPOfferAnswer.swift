/// The RFC 3264 offer/answer model for one audio stream, with the JSEP attributes browsers
/// send and expect (RFC 8829 §5 subset): `makeOffer`, `makeAnswer(to:local:)` and
/// `processAnswer(_:toOffer:)`.
public enum SDPOfferAnswer {
    /// Payload type of `telephone-event/48000` in our offers (Chromium's number).
    public static let telephoneEvent48kPayloadType: UInt8 = 110
    /// Payload type of `telephone-event/8000` in our offers (Chromium's number).
    public static let telephoneEvent8kPayloadType: UInt8 = 126
    /// The events we accept, written as the telephone-event `a=fmtp` of our offers
    /// (RFC 4733 §2.4.1: DTMF 0–15 and flash 16).
    public static let telephoneEvents = "0-16"

    /// Makes our offer (RFC 3264 §5, RFC 8829 §5.2.1): one `m=audio` stream with our codecs in
    /// preference order (the seed's `codecs`), Opus with `maxaveragebitrate` (the seed's
    /// `maxAverageBitrate`), `telephone-event` at 48000 Hz when Opus is offered and at 8000 Hz
    /// when G.711 is, ICE and candidates, DTLS fingerprints and `a=setup:actpass` for the
    /// DTLS-SRTP profiles, `a=mid` and `a=group:BUNDLE`, direction, `a=msid`, `a=rtcp-mux`,
    /// `a=rtcp-rsize`, header extensions and `a=ssrc`.
    public static func makeOffer(_ local: SDPLocalMedia) -> SDPSession {
        var writer = SDPWriter()
        writer.sessionLines(local)
        if local.bundle, let mid = local.mid {
            writer.beginAttribute("group", .group)
            writer.append(ascii: "BUNDLE ")
            writer.append(mid)
        }
        if local.ice?.isLite == true { writer.flag("ice-lite", .iceLite) }

        var formats: [(map: SDPRTPMap, fmtp: String?)] = local.codecs.codecs.map { codec in
            (codec.rtpMap(payloadType: codec.offerPayloadType), codec == .opus ? opusParameters(local) : nil)
        }
        if local.telephoneEvent {
            let clocks = Set(local.codecs.codecs.map(\.clockRate))
            if clocks.contains(48000) {
                formats.append((telephoneEventMap(telephoneEvent48kPayloadType, clock: 48000), telephoneEvents))
            }
            if clocks.contains(8000) {
                formats.append((telephoneEventMap(telephoneEvent8kPayloadType, clock: 8000), telephoneEvents))
            }
        }
        let mediaLine = SDPMediaLine(media: "audio", port: local.port, proto: local.profile.rawValue,
                                     formats: formats.map { String($0.map.payloadType) })
        writer.media(mediaLine)
        writer.connection(local.address)
        writeTransport(&writer, local: local, includeICE: true, setup: local.profile.usesDTLS ? .actpass : nil)
        if let mid = local.mid { writer.attribute("mid", .mid, mid) }
        for (index, uri) in local.headerExtensions.enumerated() {
            writer.extmap(id: UInt16(clamping: index + 1), direction: nil, uri: uri, attributes: nil)
        }
        writeStream(&writer, local: local, direction: local.direction, rtcpMux: local.rtcpMux,
                    rtcpReducedSize: local.rtcpReducedSize, formats: formats)
        return writer.finish()
    }

    /// Our Opus `a=fmtp` parameters (RFC 7587 §6.1): 10 ms minimum packet time, in-band FEC
    /// (as browsers offer) and the seed's `maxaveragebitrate`.
    static func opusParameters(_ local: SDPLocalMedia) -> String {
        "minptime=10;useinbandfec=1;maxaveragebitrate=\(local.maxAverageBitrate.bitsPerSecond)"
    }

    static func telephoneEventMap(_ payloadType: UInt8, clock: UInt32) -> SDPRTPMap {
        SDPRTPMap(payloadType: payloadType, encodingName: "telephone-event", clockRate: clock)
    }

    /// Candidates, ICE credentials and options (RFC 8839 §5), fingerprints and setup role
    /// (RFC 8122 §5, RFC 4145 §4).
    static func writeTransport(_ writer: inout SDPWriter, local: SDPLocalMedia, includeICE: Bool, setup: SDPSetupRole?) {
        if includeICE, let ice = local.ice {
            for candidate in local.candidates { writer.candidate(candidate) }
            if local.endOfCandidates { writer.flag("end-of-candidates", .endOfCandidates) }
            writer.attribute("ice-ufrag", .iceUfrag, ice.usernameFragment)
            writer.attribute("ice-pwd", .icePwd, ice.password)
            if !ice.options.isEmpty {
                writer.beginAttribute("ice-options", .iceOptions)
                for (index, option) in ice.options.enumerated() {
                    if index > 0 { writer.space() }
                    writer.append(option)
                }
            }
        }
        if let setup {
            for fingerprint in local.fingerprints { writer.fingerprint(fingerprint) }
            writer.attribute("setup", .setup, setup.rawValue)
        }
    }

    /// Direction, msid, rtcp-mux, rtcp-rsize, rtpmap/fmtp, ptime and ssrc lines.
    static func writeStream(_ writer: inout SDPWriter, local: SDPLocalMedia, direction: SDPDirection,
                            rtcpMux: Bool, rtcpReducedSize: Bool, formats: [(map: SDPRTPMap, fmtp: String?)]) {
        writer.begin(.attribute, kind: direction.attributeKind)
        writer.append(direction.rawValue)
        if direction.sends, let msid = local.msid {
            writer.beginAttribute("msid", .msid)
            writer.msidValue(msid)
        }
        if rtcpMux { writer.flag("rtcp-mux", .rtcpMux) }
        if rtcpReducedSize { writer.flag("rtcp-rsize", .rtcpRsize) }
        for format in formats {
            writer.rtpMap(format.map)
            if let fmtp = format.fmtp { writer.formatParameters(payloadType: format.map.payloadType, fmtp) }
        }
        if let packetTime = local.packetTime {
            writer.beginAttribute("ptime", .ptime)
            writer.append(decimal: packetTime)
        }
        if direction.sends, let ssrc = local.ssrc {
            if let cname = local.cname {
                writer.beginAttribute("ssrc", .ssrc)
                writer.append(decimal: UInt64(ssrc))
                writer.append(ascii: " cname:")
                writer.append(cname)
            }
            if let msid = local.msid {
                writer.beginAttribute("ssrc", .ssrc)
                writer.append(decimal: UInt64(ssrc))
                writer.append(ascii: " msid:")
                writer.msidValue(msid)
            }
        }
    }

    /// The index of the audio stream to negotiate (RFC 3264 §6): the first `m=audio` with a
    /// non-zero port and a supported profile.
    static func audioIndex(in offer: SDPSession) throws(SDPNegotiationError) -> Int {
        var unsupported: String?
        for (index, media) in offer.media.enumerated() where media.port != 0 && media.isAudio {
            if media.transportProfile != nil { return index }
            if unsupported == nil { unsupported = media.mediaLine.proto }
        }
        if let unsupported { throw .unsupportedProfile(unsupported) }
        throw .noAudioStream
    }
}

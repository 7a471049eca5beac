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
        var session = sessionLines(local)
        if local.bundle, let mid = local.mid { session.append(.attribute("group", "BUNDLE " + mid)) }
        if local.ice?.isLite == true { session.append(.attribute("ice-lite")) }

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
        var audio = SDPMediaDescription(mediaLine: mediaLine)
        audio.lines.append(SDPLine(.connection, SDPConnection(address: local.address).description))
        appendTransport(to: &audio, local: local, includeICE: true,
                        setup: local.profile.usesDTLS ? .actpass : nil)
        if let mid = local.mid { audio.appendAttribute("mid", mid) }
        for (index, uri) in local.headerExtensions.enumerated() {
            audio.appendAttribute("extmap", SDPExtmap(id: UInt16(clamping: index + 1), uri: uri).description)
        }
        appendStream(to: &audio, local: local, direction: local.direction, rtcpMux: local.rtcpMux,
                     rtcpReducedSize: local.rtcpReducedSize, formats: formats)
        return SDPSession(lines: session, media: [audio])
    }

    /// `v=`, `o=`, `s=`, `t=` of our descriptions (RFC 8866 §5.1–§5.3, §5.9).
    static func sessionLines(_ local: SDPLocalMedia) -> [SDPLine] {
        let connection = SDPConnection(address: local.address)
        let origin = SDPOrigin(username: local.username, sessionID: String(local.sessionID),
                               sessionVersion: local.sessionVersion, addressType: connection.addressType,
                               address: local.address)
        return [SDPLine(.version, "0"), SDPLine(.origin, origin.description),
                SDPLine(.sessionName, local.sessionName), SDPLine(.timing, "0 0")]
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
    static func appendTransport(to audio: inout SDPMediaDescription, local: SDPLocalMedia,
                                includeICE: Bool, setup: SDPSetupRole?) {
        if includeICE, let ice = local.ice {
            for candidate in local.candidates { audio.appendAttribute("candidate", candidate.attributeValue) }
            if local.endOfCandidates { audio.appendAttribute("end-of-candidates") }
            audio.appendAttribute("ice-ufrag", ice.usernameFragment)
            audio.appendAttribute("ice-pwd", ice.password)
            if !ice.options.isEmpty { audio.appendAttribute("ice-options", ice.options.joined(separator: " ")) }
        }
        if let setup {
            for fingerprint in local.fingerprints { audio.appendAttribute("fingerprint", fingerprint.description) }
            audio.appendAttribute("setup", setup.rawValue)
        }
    }

    /// Direction, msid, rtcp-mux, rtcp-rsize, rtpmap/fmtp, ptime and ssrc lines.
    static func appendStream(to audio: inout SDPMediaDescription, local: SDPLocalMedia, direction: SDPDirection,
                             rtcpMux: Bool, rtcpReducedSize: Bool, formats: [(map: SDPRTPMap, fmtp: String?)]) {
        audio.appendAttribute(direction.rawValue)
        if direction.sends, let msid = local.msid { audio.appendAttribute("msid", msid.description) }
        if rtcpMux { audio.appendAttribute("rtcp-mux") }
        if rtcpReducedSize { audio.appendAttribute("rtcp-rsize") }
        for format in formats {
            audio.appendAttribute("rtpmap", format.map.description)
            if let fmtp = format.fmtp {
                audio.appendAttribute("fmtp", SDPFormatParameters(format: String(format.map.payloadType), parameters: fmtp).description)
            }
        }
        if let packetTime = local.packetTime { audio.appendAttribute("ptime", String(packetTime)) }
        if direction.sends, let ssrc = local.ssrc {
            if let cname = local.cname { audio.appendAttribute("ssrc", "\(ssrc) cname:\(cname)") }
            if let msid = local.msid { audio.appendAttribute("ssrc", "\(ssrc) msid:\(msid.description)") }
        }
    }

    /// The index of the audio stream to negotiate (RFC 3264 §6): the first `m=audio` with a
    /// non-zero port and a supported profile.
    static func audioIndex(in offer: SDPSession) throws(SDPNegotiationError) -> Int {
        var unsupported: String?
        for (index, media) in offer.media.enumerated()
        where SDPGrammar.equalsIgnoringCase(media.media, "audio") && media.port != 0 {
            if media.transportProfile != nil { return index }
            if unsupported == nil { unsupported = media.mediaLine.proto }
        }
        if let unsupported { throw .unsupportedProfile(unsupported) }
        throw .noAudioStream
    }
}

/// The answerer side (RFC 3264 §6, RFC 8829 §5.3.1).
extension SDPOfferAnswer {
    /// Answers `offer` (RFC 3264 §6).
    ///
    /// Rules: the first `m=audio` with a non-zero port and a supported profile is accepted,
    /// with the offer's profile; every other `m=` line (video, application, further audio,
    /// disabled ones) is rejected with port 0 and the offered format list (RFC 3264 §6). The
    /// codec is the first of `local.codecs` the offer lists, under the offer's payload type;
    /// `telephone-event` is the offered one at the codec's clock rate, else the first offered
    /// one. The answer lists just that codec and telephone-event. Direction follows
    /// RFC 3264 §6.1; `a=setup` is `active` for an `actpass` (or missing) offer, `passive` for
    /// `active` and `active` for `passive` (RFC 5763 §5, RFC 8842 §5); `a=rtcp-mux`,
    /// `a=rtcp-rsize`, `a=mid`, BUNDLE and header extensions are accepted when offered and
    /// wanted. ICE attributes are written when the offer uses ICE and `local.ice` is set.
    ///
    /// - Throws: `SDPNegotiationError`; the SIP layer answers 488.
    public static func makeAnswer(to offer: SDPSession,
                                  local: SDPLocalMedia) throws(SDPNegotiationError) -> (SDPSession, SDPNegotiated) {
        let index = try audioIndex(in: offer)
        let offered = offer.media[index]
        guard let profile = offered.transportProfile else { throw .noAudioStream }
        let remote = try SDPRemoteMedia(session: offer, media: offered)

        var localSetup: SDPSetupRole?
        if profile.usesDTLS {
            guard !local.fingerprints.isEmpty else { throw .missingLocalFingerprint }
            guard !remote.fingerprints.isEmpty else { throw .missingFingerprint }
            switch remote.setup {
            case nil, .actpass?, .passive?: localSetup = .active
            case .active?: localSetup = .passive
            case .holdconn?: throw .unusableSetupRole(.holdconn)
            }
        }

        let maps = offered.formatRTPMaps
        guard let (codec, formatIndex) = chooseCodec(maps: maps, preference: local.codecs) else {
            throw .noCommonCodec
        }
        let format = offered.formats[formatIndex]
        let payloadType = maps[formatIndex]?.payloadType ?? codec.offerPayloadType
        var formats: [(map: SDPRTPMap, fmtp: String?)] = [
            (codec.rtpMap(payloadType: payloadType), codec == .opus ? opusParameters(local) : nil),
        ]
        var telephoneEvent: SDPNegotiatedTelephoneEvent?
        if local.telephoneEvent, let event = chooseTelephoneEvent(maps: maps, clockRate: codec.clockRate) {
            let events = offered.formatParameters(for: String(event.payloadType))?.parameters
            formats.append((event, events.flatMap { $0.isEmpty ? nil : $0 }))
            telephoneEvent = SDPNegotiatedTelephoneEvent(payloadType: event.payloadType, receivePayloadType: event.payloadType,
                                                         clockRate: event.clockRate, remoteEvents: events)
        }

        let direction = remote.direction.answer(wanting: local.direction)
        let rtcpMux = local.rtcpMux && offered.isRTCPMultiplexed
        let rtcpReducedSize = local.rtcpReducedSize && offered.isRTCPReducedSize
        let mid = offered.mid
        var bundleGroup: [String]?
        if local.bundle, let mid, offer.bundleGroupLists(mid) { bundleGroup = [mid] }
        let extensions = local.headerExtensions.isEmpty
            ? [] : offered.extmaps.filter { local.headerExtensions.contains($0.uri) }

        var writer = SDPWriter()
        writer.sessionLines(local)
        if let mid, bundleGroup != nil {
            writer.beginAttribute("group", .group)
            writer.append(ascii: "BUNDLE ")
            writer.append(mid)
        }
        if local.ice?.isLite == true, remote.ice != nil { writer.flag("ice-lite", .iceLite) }
        for (position, description) in offer.media.enumerated() {
            guard position == index else {
                writeRejected(&writer, description, local: local)
                continue
            }
            writer.media(SDPMediaLine(media: offered.media, port: local.port, proto: offered.mediaLine.proto,
                                      formats: formats.map { String($0.map.payloadType) }))
            writer.connection(local.address)
            writeTransport(&writer, local: local, includeICE: remote.ice != nil, setup: localSetup)
            if let mid { writer.attribute("mid", .mid, mid) }
            for item in extensions {
                writer.extmap(id: item.id, direction: item.direction?.reversed, uri: item.uri, attributes: nil)
            }
            writeStream(&writer, local: local, direction: direction, rtcpMux: rtcpMux,
                        rtcpReducedSize: rtcpReducedSize, formats: formats)
        }
        let answer = writer.finish()

        let negotiated = SDPNegotiated(
            mediaIndex: index, profile: profile,
            codec: SDPNegotiatedCodec(codec: codec, payloadType: payloadType, receivePayloadType: payloadType,
                                      remoteParameters: offered.formatParameters(for: format),
                                      localParameters: formats[0].fmtp.map { SDPFormatParameters(format: format, parameters: $0) }),
            telephoneEvent: telephoneEvent, direction: direction, rtcpMux: rtcpMux, rtcpReducedSize: rtcpReducedSize,
            mid: mid, bundleGroup: bundleGroup, remoteICE: remote.ice, remoteCandidates: remote.candidates,
            remoteEndOfCandidates: remote.endOfCandidates, remoteFingerprints: remote.fingerprints,
            localSetup: localSetup, remoteAddress: remote.address, remotePort: remote.port,
            remoteRTCPPort: remote.rtcpPort, remoteSSRCs: remote.ssrcs, remotePacketTime: remote.packetTime,
            headerExtensions: extensions)
        return (answer, negotiated)
    }

    /// The first codec of `preference` that the formats list (`maps`: their rtpmaps, by
    /// position, as `SDPMediaDescription.formatRTPMaps` resolves them), with the index of the
    /// first format carrying it.
    static func chooseCodec(maps: [SDPRTPMap?], preference: SDPCodecPreference) -> (SDPAudioCodec, Int)? {
        for codec in preference.codecs {
            for (index, map) in maps.enumerated() {
                if let map, codec.matches(map) { return (codec, index) }
            }
        }
        return nil
    }

    /// The listed `telephone-event` at `clockRate`, else the first listed one (RFC 4733 §7.1).
    static func chooseTelephoneEvent(maps: [SDPRTPMap?], clockRate: UInt32) -> SDPRTPMap? {
        var first: SDPRTPMap?
        for case let map? in maps where map.isTelephoneEvent {
            if map.clockRate == clockRate { return map }
            if first == nil { first = map }
        }
        return first
    }

    /// A rejected stream in an answer: port 0, the offered proto and formats (RFC 3264 §6),
    /// a placeholder `c=` and the offered `a=mid` (RFC 8829 §5.3.1).
    static func writeRejected(_ writer: inout SDPWriter, _ offered: SDPMediaDescription, local: SDPLocalMedia) {
        var line = offered.mediaLine
        line.port = 0
        line.portCount = nil
        writer.media(line)
        writer.connection(local.address.utf8.contains(0x3A) ? "::" : "0.0.0.0")
        if let mid = offered.mid { writer.attribute("mid", .mid, mid) }
    }
}

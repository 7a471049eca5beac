/// Typed views of the media-level attributes the RTP and offer/answer code reads.
extension SDPMediaDescription {
    /// Every well-formed `a=rtpmap` (RFC 8866 §6.6), in order.
    public var rtpMaps: [SDPRTPMap] {
        attributeValues("rtpmap").compactMap { SDPRTPMap(parsing: $0) }
    }

    /// The rtpmap of `format`: its `a=rtpmap` line, else the RFC 3551 static assignment for
    /// the audio payload types `SDPRTPMap.staticAudio` knows (RFC 8866 §6.6).
    public func rtpMap(for format: String) -> SDPRTPMap? {
        guard let payloadType = SDPGrammar.number(format, as: UInt8.self), payloadType <= 127 else { return nil }
        if let explicit = rtpMaps.first(where: { $0.payloadType == payloadType }) { return explicit }
        return SDPRTPMap.staticAudio(payloadType: payloadType)
    }

    /// The rtpmap of every format of the `m=` line, resolved in one pass over the lines (the
    /// first `a=rtpmap` of a payload type wins, static types fill in; RFC 8866 §6.6). Formats
    /// without a known mapping are absent.
    public var rtpMapsByFormat: [String: SDPRTPMap] {
        var explicit: [UInt8: SDPRTPMap] = [:]
        for map in rtpMaps where explicit[map.payloadType] == nil { explicit[map.payloadType] = map }
        var table: [String: SDPRTPMap] = [:]
        for format in formats where table[format] == nil {
            guard let payloadType = SDPGrammar.number(format, as: UInt8.self), payloadType <= 127 else { continue }
            if let map = explicit[payloadType] ?? SDPRTPMap.staticAudio(payloadType: payloadType) { table[format] = map }
        }
        return table
    }

    /// The first `a=fmtp` of `format` (RFC 8866 §6.15).
    public func formatParameters(for format: String) -> SDPFormatParameters? {
        attributeValues("fmtp").lazy.compactMap { SDPFormatParameters(parsing: $0) }.first { $0.format == format }
    }

    /// Every `a=rtcp-fb` (RFC 4585 §4.2) for `format`, wildcard ones included.
    public func rtcpFeedback(for format: String) -> [SDPRTCPFeedback] {
        attributeValues("rtcp-fb").compactMap { SDPRTCPFeedback(parsing: $0) }
            .filter { $0.format == format || $0.isWildcard }
    }

    /// Every well-formed `a=candidate` (RFC 8839 §5.1), in order.
    public var candidates: [SDPCandidate] {
        attributeValues("candidate").compactMap { SDPCandidate(parsing: $0) }
    }

    /// Every well-formed `a=ssrc` (RFC 5576 §4.1), in order.
    public var ssrcAttributes: [SDPSSRCAttribute] {
        attributeValues("ssrc").compactMap { SDPSSRCAttribute(parsing: $0) }
    }

    /// The first `a=msid` (RFC 8830 §2).
    public var msid: SDPMSID? {
        attributeValue("msid").flatMap { SDPMSID(parsing: $0) }
    }

    /// Every well-formed `a=extmap` (RFC 8285 §7), in order.
    public var extmaps: [SDPExtmap] {
        attributeValues("extmap").compactMap { SDPExtmap(parsing: $0) }
    }

    /// The port of `a=rtcp` (RFC 3605 §2.1).
    public var rtcpPort: UInt16? {
        attributeValue("rtcp").flatMap { SDPGrammar.fields($0).first }.flatMap { SDPGrammar.port($0) }
    }

    /// The whole milliseconds of `a=ptime` (RFC 8866 §6.4).
    public var packetTime: Int? {
        attributeValue("ptime").flatMap { Self.wholeMilliseconds($0) }
    }

    /// The whole milliseconds of `a=maxptime` (RFC 8866 §6.5).
    public var maxPacketTime: Int? {
        attributeValue("maxptime").flatMap { Self.wholeMilliseconds($0) }
    }

    /// True when `a=rtcp-mux` is present (RFC 5761 §5.1.1).
    public var isRTCPMultiplexed: Bool { hasAttribute("rtcp-mux") }

    /// True when `a=rtcp-rsize` is present (RFC 5506 §5).
    public var isRTCPReducedSize: Bool { hasAttribute("rtcp-rsize") }

    /// The transport profile of the `m=` line when this stack supports it (RFC 3551, RFC 5764).
    public var transportProfile: SDPTransportProfile? { SDPTransportProfile(proto: mediaLine.proto) }

    private static func wholeMilliseconds(_ text: String) -> Int? {
        let whole = SDPGrammar.splitAt(text, byte: 0x2E)?.before ?? Substring(text)
        return SDPGrammar.number(whole, as: UInt32.self).map(Int.init)
    }
}

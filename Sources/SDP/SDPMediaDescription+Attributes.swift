/// Typed views of the media-level attributes the RTP and offer/answer code reads.
extension SDPMediaDescription {
    /// Every well-formed `a=rtpmap` (RFC 8866 §6.6), in order.
    public var rtpMaps: [SDPRTPMap] { values(.rtpmap) { SDPRTPMap(bytes: $0) } }

    /// The rtpmap of `format`: its `a=rtpmap` line, else the RFC 3551 static assignment for
    /// the audio payload types `SDPRTPMap.staticAudio` knows (RFC 8866 §6.6).
    public func rtpMap(for format: String) -> SDPRTPMap? {
        guard let payloadType = SDPGrammar.number(format, as: UInt8.self), payloadType <= 127 else { return nil }
        let explicit = firstResult(.rtpmap) { bytes in
            SDPRTPMap.payloadType(bytes) == payloadType ? SDPRTPMap(bytes: bytes) : nil
        }
        return explicit ?? SDPRTPMap.staticAudio(payloadType: payloadType)
    }

    /// The rtpmap of every format of the `m=` line, resolved in one pass over the lines (the
    /// first `a=rtpmap` of a payload type wins, static types fill in; RFC 8866 §6.6). Formats
    /// without a known mapping are absent.
    public var rtpMapsByFormat: [String: SDPRTPMap] {
        var table: [String: SDPRTPMap] = [:]
        for (format, map) in zip(formats, formatRTPMaps) where table[format] == nil {
            if let map { table[format] = map }
        }
        return table
    }

    /// The rtpmap of each format of the `m=` line, by position (nil when unknown), as
    /// `rtpMapsByFormat` resolves them: one pass over the `a=rtpmap` lines notes the first line
    /// of each payload type, then each format reads its line (or the next one of that payload
    /// type when it is not well-formed).
    var formatRTPMaps: [SDPRTPMap?] {
        lines.withUnsafeBufferPointer { lines in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 128) { firstLine in
                firstLine.initialize(repeating: -1)
                for index in lines.indices where lines[index].kind == .rtpmap {
                    guard let payloadType = lines[index].withAttributeValue(Self.leadingPayloadType),
                          firstLine[Int(payloadType)] < 0 else { continue }
                    firstLine[Int(payloadType)] = Int32(truncatingIfNeeded: index)
                }
                return formats.map { format -> SDPRTPMap? in
                    guard let payloadType = SDPGrammar.withBytes(format, { $0.number(as: UInt8.self) }),
                          payloadType <= 127 else { return nil }
                    var index = Int(firstLine[Int(payloadType)])
                    while index >= 0, index < lines.count {
                        if lines[index].kind == .rtpmap,
                           let map = lines[index].withAttributeValue({ bytes -> SDPRTPMap? in
                               Self.leadingPayloadType(bytes) == payloadType ? SDPRTPMap(bytes: bytes) : nil
                           }) {
                            return map
                        }
                        index += 1
                    }
                    return SDPRTPMap.staticAudio(payloadType: payloadType)
                }
            }
        }
    }

    /// The payload type an `a=rtpmap` value starts with (its digits up to the first space),
    /// when it is one (0–127); the rest of the value is not checked.
    private static func leadingPayloadType(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8? {
        guard let payloadType = bytes.slice(0, bytes.index(of: 0x20) ?? bytes.count).number(as: UInt8.self),
              payloadType <= 127 else { return nil }
        return payloadType
    }

    /// The first `a=fmtp` of `format` (RFC 8866 §6.15).
    public func formatParameters(for format: String) -> SDPFormatParameters? {
        firstResult(.fmtp) { bytes in
            guard let found = SDPFormatParameters.format(bytes), found.equals(format) else { return nil }
            return SDPFormatParameters(bytes: bytes)
        }
    }

    /// Every `a=rtcp-fb` (RFC 4585 §4.2) for `format`, wildcard ones included.
    public func rtcpFeedback(for format: String) -> [SDPRTCPFeedback] {
        values(.rtcpFB) { bytes in
            guard let (found, _) = SDPRTCPFeedback.scan(bytes), found.equals("*") || found.equals(format) else { return nil }
            return SDPRTCPFeedback(bytes: bytes)
        }
    }

    /// Every well-formed `a=candidate` (RFC 8839 §5.1), in order.
    public var candidates: [SDPCandidate] { values(.candidate) { SDPCandidate(bytes: $0) } }

    /// Every well-formed `a=ssrc` (RFC 5576 §4.1), in order.
    public var ssrcAttributes: [SDPSSRCAttribute] { values(.ssrc) { SDPSSRCAttribute(bytes: $0) } }

    /// The SSRCs of the well-formed `a=ssrc` lines, in order, without repeats (RFC 5576).
    var distinctSSRCs: [UInt32] {
        var ssrcs: [UInt32] = []
        forEachValue(.ssrc) { bytes in
            if let ssrc = SDPSSRCAttribute.ssrc(bytes), !ssrcs.contains(ssrc) { ssrcs.append(ssrc) }
        }
        return ssrcs
    }

    /// The first `a=msid` (RFC 8830 §2).
    public var msid: SDPMSID? {
        firstValue(.msid) { SDPMSID(bytes: $0) } ?? nil
    }

    /// Every well-formed `a=extmap` (RFC 8285 §7), in order.
    public var extmaps: [SDPExtmap] { values(.extmap) { SDPExtmap(bytes: $0) } }

    /// The port of `a=rtcp` (RFC 3605 §2.1).
    public var rtcpPort: UInt16? {
        firstValue(.rtcp) { bytes in
            var fields = SDPFields(bytes)
            return fields.next()?.number(as: UInt16.self)
        } ?? nil
    }

    /// The whole milliseconds of `a=ptime` (RFC 8866 §6.4).
    public var packetTime: Int? {
        firstValue(.ptime) { Self.wholeMilliseconds($0) } ?? nil
    }

    /// The whole milliseconds of `a=maxptime` (RFC 8866 §6.5).
    public var maxPacketTime: Int? {
        firstValue(.maxptime) { Self.wholeMilliseconds($0) } ?? nil
    }

    /// True when `a=rtcp-mux` is present (RFC 5761 §5.1.1).
    public var isRTCPMultiplexed: Bool { has(.rtcpMux) }

    /// True when `a=rtcp-rsize` is present (RFC 5506 §5).
    public var isRTCPReducedSize: Bool { has(.rtcpRsize) }

    /// The transport profile of the `m=` line when this stack supports it (RFC 3551, RFC 5764).
    public var transportProfile: SDPTransportProfile? { SDPTransportProfile(proto: mediaLine.proto) }

    private static func wholeMilliseconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let whole = bytes.split(at: 0x2E)?.before ?? bytes
        return whole.number(as: UInt32.self).map(Int.init)
    }
}

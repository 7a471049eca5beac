/// Checks the grammar of the line types and attributes the offer/answer code relies on
/// (RFC 8866 §5, §6; RFC 8839 §5; RFC 8122 §5; RFC 4145 §4; RFC 5888; RFC 5576; RFC 8830;
/// RFC 8285), on the bytes of the value, without making Strings. Unknown line types and
/// attributes are not checked: they are kept as they are. (`m=` lines are checked by the
/// parser, which builds their `SDPMediaLine`.)
enum SDPLineValidator {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// The problem with a line of `type` whose value is `value`, or nil when it is acceptable
    /// at this place. For an `a=` line, `kind` is set to the attribute's kind.
    static func check(_ type: SDPLineType, _ value: Bytes, inMedia: Bool,
                      kind: inout SDPAttributeKind) -> SDPParseError.Kind? {
        if type == .attribute { return checkAttribute(value, kind: &kind) }
        if inMedia, type.isSessionOnly { return .misplacedLine(type) }
        switch type {
        case .version:
            return value.equals("0") ? nil : .unsupportedVersion(value.string)
        case .origin:
            return SDPOrigin.isValid(value) ? nil : .malformedValue(.origin)
        case .connection:
            return SDPConnection.isValid(value) ? nil : .malformedValue(.connection)
        case .timing:
            var fields = SDPFields(value)
            guard let start = fields.next(), let stop = fields.next(), fields.next() == nil,
                  start.isDigits, stop.isDigits else { return .malformedValue(.timing) }
            return nil
        case .bandwidth:
            guard let (type, amount) = value.split(at: 0x3A), type.isToken, amount.isDigits else {
                return .malformedValue(.bandwidth)
            }
            return nil
        default:
            return nil
        }
    }

    private static func checkAttribute(_ line: Bytes, kind: inout SDPAttributeKind) -> SDPParseError.Kind? {
        // One pass over the name: find the colon and check the token characters.
        var colon: Int?
        var token: UInt64 = 1
        var index = 0
        while index < line.count {
            let byte = line[index]
            if byte == 0x3A {
                colon = index
                break
            }
            token &= SDPByteSet.token.bit(byte)
            index += 1
        }
        let name = line.slice(0, index)
        guard index > 0, token != 0 else { return .malformedAttribute(name.string) }
        kind = SDPAttributeKind.recognize(name)
        if kind == .other { return nil }
        let value = colon.map { line.suffix(from: $0 + 1) }
        return isValid(kind, value) ? nil : .malformedAttribute(SDPGrammar.lowercased(name.string))
    }

    /// The value grammar of each attribute the negotiation reads; `value` is nil when the line
    /// has no colon.
    private static func isValid(_ kind: SDPAttributeKind, _ value: Bytes?) -> Bool {
        if kind.isFlag { return value == nil }
        guard let value else { return false }
        switch kind {
        case .rtpmap: return SDPRTPMap.isValid(value)
        case .fmtp: return SDPFormatParameters.isValid(value)
        case .rtcpFB: return SDPRTCPFeedback.isValid(value)
        case .candidate: return SDPCandidate.isValid(value)
        case .fingerprint: return SDPFingerprint.isValid(value)
        case .setup: return SDPSetupRole(ignoringCase: value) != nil
        case .mid: return value.isToken
        case .group: return SDPGroup.isValid(value)
        case .ssrc: return SDPSSRCAttribute.isValid(value)
        case .msid: return SDPMSID.isValid(value)
        case .extmap: return SDPExtmap.isValid(value)
        case .iceUfrag, .icePwd: return value.isICEString
        case .iceOptions:
            var fields = SDPFields(value)
            var any = false
            while let tag = fields.next() {
                guard tag.isICEString || tag.isToken else { return false }
                any = true
            }
            return any
        case .rtcp:
            var fields = SDPFields(value)
            return fields.next()?.number(as: UInt16.self) != nil
        case .ptime, .maxptime: return isDecimal(value)
        default: return true
        }
    }

    /// `1*DIGIT ["." 1*DIGIT]`, the packet-time grammar (RFC 8866 §6.4, §6.5).
    static func isDecimal(_ bytes: Bytes) -> Bool {
        if let (whole, fraction) = bytes.split(at: 0x2E) { return whole.isDigits && fraction.isDigits }
        return bytes.isDigits
    }
}

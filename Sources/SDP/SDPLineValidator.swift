/// Checks the grammar of the line types and attributes the offer/answer code relies on
/// (RFC 8866 §5, §6; RFC 8839 §5; RFC 8122 §5; RFC 4145 §4; RFC 5888; RFC 5576; RFC 8830;
/// RFC 8285). Unknown line types and attributes are not checked: they are kept as they are.
enum SDPLineValidator {
    /// The problem with `line`, or nil when it is acceptable at this place.
    static func check(_ line: SDPLine, inMedia: Bool) -> SDPParseError.Kind? {
        if inMedia, line.type.isSessionOnly { return .misplacedLine(line.type) }
        let value = line.value
        switch line.type {
        case .version:
            return value == "0" ? nil : .unsupportedVersion(value)
        case .origin:
            return SDPOrigin(parsing: value) == nil ? .malformedValue(.origin) : nil
        case .connection:
            return SDPConnection(parsing: value) == nil ? .malformedValue(.connection) : nil
        case .timing:
            let fields = SDPGrammar.fields(value)
            return fields.count == 2 && fields.allSatisfy({ SDPGrammar.isDigits($0) }) ? nil : .malformedValue(.timing)
        case .bandwidth:
            guard let (type, amount) = SDPGrammar.splitAt(value, byte: 0x3A),
                  SDPGrammar.isToken(type), SDPGrammar.isDigits(amount) else { return .malformedValue(.bandwidth) }
            return nil
        case .media:
            return SDPMediaLine(parsing: value) == nil ? .malformedValue(.media) : nil
        case .attribute:
            return checkAttribute(SDPAttribute(lineValue: value))
        default:
            return nil
        }
    }

    private static func checkAttribute(_ attribute: SDPAttribute) -> SDPParseError.Kind? {
        guard SDPGrammar.isToken(attribute.name) else { return .malformedAttribute(attribute.name) }
        let name = SDPGrammar.lowercased(attribute.name)
        guard let rule = rules[name] else { return nil }
        return rule(attribute.value) ? nil : .malformedAttribute(name)
    }

    /// A property attribute: no colon, no value (RFC 8866 §5.13).
    private static func flag(_ value: String?) -> Bool { value == nil }

    /// The value grammar of each attribute the negotiation reads.
    private static let rules: [String: @Sendable (String?) -> Bool] = [
        "sendrecv": flag, "sendonly": flag, "recvonly": flag, "inactive": flag,
        "rtcp-mux": flag, "rtcp-rsize": flag, "end-of-candidates": flag, "ice-lite": flag,
        "rtpmap": { $0.flatMap { SDPRTPMap(parsing: $0) } != nil },
        "fmtp": { $0.flatMap { SDPFormatParameters(parsing: $0) } != nil },
        "rtcp-fb": { $0.flatMap { SDPRTCPFeedback(parsing: $0) } != nil },
        "candidate": { $0.flatMap { SDPCandidate(parsing: $0) } != nil },
        "fingerprint": { $0.flatMap { SDPFingerprint(parsing: $0) } != nil },
        "setup": { $0.flatMap { SDPSetupRole(rawValue: SDPGrammar.lowercased($0)) } != nil },
        "mid": { $0.map { SDPGrammar.isToken($0) } ?? false },
        "group": { $0.flatMap { SDPGroup(parsing: $0) } != nil },
        "ssrc": { $0.flatMap { SDPSSRCAttribute(parsing: $0) } != nil },
        "msid": { $0.flatMap { SDPMSID(parsing: $0) } != nil },
        "extmap": { $0.flatMap { SDPExtmap(parsing: $0) } != nil },
        "ice-ufrag": { $0.map { SDPGrammar.isICEString($0) } ?? false },
        "ice-pwd": { $0.map { SDPGrammar.isICEString($0) } ?? false },
        "ice-options": { value in
            guard let value else { return false }
            let tags = SDPGrammar.fields(value)
            return !tags.isEmpty && tags.allSatisfy { SDPGrammar.isICEString($0) || SDPGrammar.isToken($0) }
        },
        "rtcp": { value in
            guard let value, let first = SDPGrammar.fields(value).first else { return false }
            return SDPGrammar.port(first) != nil
        },
        "ptime": { $0.map(isDecimal) ?? false },
        "maxptime": { $0.map(isDecimal) ?? false },
    ]

    /// `1*DIGIT ["." 1*DIGIT]`, the packet-time grammar (RFC 8866 §6.4, §6.5).
    static func isDecimal(_ text: String) -> Bool {
        if let (whole, fraction) = SDPGrammar.splitAt(text, byte: 0x2E) {
            return SDPGrammar.isDigits(whole) && SDPGrammar.isDigits(fraction)
        }
        return SDPGrammar.isDigits(text)
    }
}

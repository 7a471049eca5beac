/// A URI as SIP carries it: `sip:`, `sips:` (RFC 3261 §19.1), `tel:` (RFC 3966), or any other
/// scheme kept opaque (RFC 3261 §19: absoluteURI).
///
/// Components keep their escapes exactly as received (`%41` stays `%41`); comparison follows
/// RFC 3261 §19.1.4 and un-escapes only to compare (`isEquivalent(to:)`).
public struct SIPURI: Sendable, Hashable, CustomStringConvertible {
    /// A URI scheme; schemes are compared case-insensitively.
    public enum Scheme: Sendable, Hashable, CustomStringConvertible {
        /// `sip`
        case sip
        /// `sips`
        case sips
        /// `tel`
        case tel
        /// Any other scheme, lower-cased.
        case other(String)

        /// The scheme's lower-case name.
        public var description: String {
            switch self {
            case .sip: return "sip"
            case .sips: return "sips"
            case .tel: return "tel"
            case .other(let s): return s
            }
        }
    }

    /// The host part of a SIP URI.
    public enum Host: Sendable, Hashable, CustomStringConvertible {
        /// A dotted-quad IPv4 address.
        case ipv4(String)
        /// An IPv6 reference, without the brackets.
        case ipv6(String)
        /// A host name.
        case domain(String)

        /// The host as written in a URI (IPv6 in brackets).
        public var description: String {
            switch self {
            case .ipv4(let s), .domain(let s): return s
            case .ipv6(let s): return "[\(s)]"
            }
        }
    }

    /// The scheme.
    public var scheme: Scheme
    /// The user part (sip/sips), or the telephone number (tel), escapes kept.
    public var user: String?
    /// The password (sip/sips), escapes kept.
    public var password: String?
    /// The host (sip/sips only).
    public var host: Host?
    /// The port, when given.
    public var port: Int?
    /// `;name=value` URI parameters in order (`value` nil for a flag parameter).
    public var parameters: [SIPParameter]
    /// `?name=value&…` headers in order (sip/sips only).
    public var headers: [SIPParameter]
    /// For schemes other than sip, sips and tel: everything after `scheme:`.
    public var opaque: String?

    /// Creates a SIP or SIPS URI.
    public init(scheme: Scheme = .sip, user: String? = nil, password: String? = nil, host: Host, port: Int? = nil,
                parameters: [SIPParameter] = [], headers: [SIPParameter] = []) {
        self.scheme = scheme
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.parameters = parameters
        self.headers = headers
        self.opaque = nil
    }

    init(scheme: Scheme, opaque: String) {
        self.scheme = scheme
        self.parameters = []
        self.headers = []
        self.opaque = opaque
    }

    /// The value of a URI parameter (names compared case-insensitively); `""` for a flag.
    public func parameter(_ name: String) -> String? {
        parameters.value(of: name)
    }

    /// The URI as text.
    public var description: String { writtenText }
}

/// A `name[=value]` parameter as it appears in a URI or a header (RFC 3261 §19.1.1, §25.1).
public struct SIPParameter: Sendable, Hashable, CustomStringConvertible {
    /// The name, as written.
    public var name: String
    /// The value as written (a quoted-string keeps its quotes), or nil for a flag.
    public var value: String?

    /// Creates a parameter.
    public init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// `name=value` or `name`.
    public var description: String { value.map { "\(name)=\($0)" } ?? name }

    /// The value with surrounding quotes and quoted-pair escapes removed.
    public var unquotedValue: String? { value.map(SIPParameter.unquote) }

    /// Removes the quotes of a quoted-string and resolves its quoted-pairs; other text is returned as is.
    static func unquote(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.count >= 2, utf8.first == 34, utf8.last == 34 else { return text }
        let inner = utf8.dropFirst().dropLast()
        guard inner.contains(92) else { return String(decoding: inner, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var i = inner.startIndex
        while i < inner.endIndex {
            let b = inner[i]
            let next = inner.index(after: i)
            if b == 92, next < inner.endIndex {
                out.append(inner[next])
                i = inner.index(after: next)
                continue
            }
            out.append(b)
            i = next
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension [SIPParameter] {
    /// The first parameter with this name (case-insensitive): its value, `""` for a flag, nil if absent.
    public func value(of name: String) -> String? {
        first { SIPText.equalsIgnoringCase($0.name, name) }.map { $0.value ?? "" }
    }
}

/// How to read one header as typed values: its name, whether its field lines hold
/// comma-separated lists (RFC 3261 §7.3.1), and the value grammar.
///
/// Use with `SIPMessage.parsed(_:)`, e.g. `try message.parsed(.via)`.
public struct SIPTypedHeader<Value: Sendable>: Sendable {
    /// The header read.
    public let name: SIPHeaderName
    /// Whether one field line may hold several comma-separated values.
    public let isList: Bool
    /// Whether a message may carry this header at most once (RFC 3261 §7.3.1, §20).
    public let isSingle: Bool
    let parse: @Sendable (inout SIPHeaderScanner) throws(SIPParseError) -> Value

    init(_ name: SIPHeaderName, list: Bool, single: Bool = false,
         _ parse: @escaping @Sendable (inout SIPHeaderScanner) throws(SIPParseError) -> Value) {
        self.name = name
        self.isList = list
        self.isSingle = single
        self.parse = parse
    }
}

extension SIPTypedHeader where Value == SIPVia {
    /// `Via` (RFC 3261 §20.42).
    public static var via: Self { Self(.via, list: true, SIPVia.parse) }
}

extension SIPTypedHeader where Value == SIPNameAddress {
    /// `From` (RFC 3261 §20.20).
    public static var from: Self { Self(.from, list: false, single: true, SIPNameAddress.parse) }
    /// `To` (RFC 3261 §20.39).
    public static var to: Self { Self(.to, list: false, single: true, SIPNameAddress.parse) }
    /// `Contact` (RFC 3261 §20.10); a `*` value is read by `SIPMessage.isContactWildcard`.
    public static var contact: Self { Self(.contact, list: true, SIPNameAddress.parse) }
    /// `Route` (RFC 3261 §20.34).
    public static var route: Self { Self(.route, list: true, SIPNameAddress.parse) }
    /// `Record-Route` (RFC 3261 §20.30).
    public static var recordRoute: Self { Self(.recordRoute, list: true, SIPNameAddress.parse) }
    /// `Reply-To` (RFC 3261 §20.31).
    public static var replyTo: Self { Self(.replyTo, list: false, single: true, SIPNameAddress.parse) }
    /// `Refer-To` (RFC 3515).
    public static var referTo: Self { Self(.referTo, list: false, single: true, SIPNameAddress.parse) }
    /// `Path` (RFC 3327).
    public static var path: Self { Self(.path, list: true, SIPNameAddress.parse) }
    /// `P-Asserted-Identity` (RFC 3325).
    public static var pAssertedIdentity: Self { Self(.pAssertedIdentity, list: true, SIPNameAddress.parse) }
}

extension SIPTypedHeader where Value == SIPCSeq {
    /// `CSeq` (RFC 3261 §20.16).
    public static var cseq: Self { Self(.cseq, list: false, single: true, SIPCSeq.parse) }
}

extension SIPTypedHeader where Value == String {
    /// `Call-ID` (RFC 3261 §20.8): `word ["@" word]`.
    public static var callID: Self {
        Self(.callID, list: false, single: true) { (s: inout SIPHeaderScanner) throws(SIPParseError) -> String in
            s.skipLWS()
            let start = s.index
            var ats = 0
            while let b = s.peek, SIPCharacterClass.has(b, SIPCharacterClass.word) || b == 64 {
                if b == 64 { ats += 1 }
                s.index += 1
            }
            guard s.index > start, ats <= 1, s.bytes[start] != 64, s.bytes[s.index - 1] != 64 else {
                throw s.error("bad Call-ID")
            }
            return String(decoding: s.bytes[start..<s.index], as: UTF8.self)
        }
    }
    /// `Allow` (RFC 3261 §20.5): method tokens.
    public static var allow: Self { tokenList(.allow) }
    /// `Supported` (RFC 3261 §20.37): option tags.
    public static var supported: Self { tokenList(.supported) }
    /// `Require` (RFC 3261 §20.32): option tags.
    public static var require: Self { tokenList(.require) }
    /// `Proxy-Require` (RFC 3261 §20.29): option tags.
    public static var proxyRequire: Self { tokenList(.proxyRequire) }
    /// `Unsupported` (RFC 3261 §20.40): option tags.
    public static var unsupported: Self { tokenList(.unsupported) }
    /// `Allow-Events` (RFC 6665).
    public static var allowEvents: Self { tokenList(.allowEvents) }

    static func tokenList(_ name: SIPHeaderName) -> Self {
        Self(name, list: true) { (s: inout SIPHeaderScanner) throws(SIPParseError) -> String in
            s.skipLWS()
            return try s.token()
        }
    }
}

extension SIPTypedHeader where Value == Int {
    /// `Max-Forwards` (RFC 3261 §20.22): 0 to 255.
    public static var maxForwards: Self { number(.maxForwards, max: 255, clamp: false) }
    /// `Content-Length` (RFC 3261 §20.14).
    public static var contentLength: Self { number(.contentLength, max: UInt64(Int32.max), clamp: false) }
    /// `Expires` (RFC 3261 §20.19): delta-seconds; larger values are read as 2³² − 1.
    public static var expires: Self { number(.expires, max: UInt64(UInt32.max), clamp: true) }
    /// `Min-Expires` (RFC 3261 §20.23).
    public static var minExpires: Self { number(.minExpires, max: UInt64(UInt32.max), clamp: true) }

    static func number(_ name: SIPHeaderName, max: UInt64, clamp: Bool) -> Self {
        Self(name, list: false, single: true) { (s: inout SIPHeaderScanner) throws(SIPParseError) -> Int in
            s.skipLWS()
            if clamp {
                let start = s.index
                while let b = s.peek, SIPCharacterClass.isDigit(b) { s.index += 1 }
                guard s.index > start else { throw s.error("expected a number") }
                let digits = s.bytes[start..<s.index].drop { $0 == 48 }
                if digits.count > 10 { return Int(max) }
                return Int(Swift.min(digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 48) }, max))
            }
            return Int(try s.number(max: max, "number"))
        }
    }
}

extension SIPTypedHeader where Value == SIPContentType {
    /// `Content-Type` (RFC 3261 §20.15).
    public static var contentType: Self { Self(.contentType, list: false, single: true, SIPContentType.parse) }
    /// `Accept` (RFC 3261 §20.1): media ranges.
    public static var accept: Self { Self(.accept, list: true, SIPContentType.parse) }
}

extension SIPTypedHeader where Value == SIPAuthField {
    /// `WWW-Authenticate` (RFC 3261 §20.44).
    public static var wwwAuthenticate: Self { Self(.wwwAuthenticate, list: false, SIPAuthField.parse) }
    /// `Proxy-Authenticate` (RFC 3261 §20.27).
    public static var proxyAuthenticate: Self { Self(.proxyAuthenticate, list: false, SIPAuthField.parse) }
    /// `Authorization` (RFC 3261 §20.7).
    public static var authorization: Self { Self(.authorization, list: false, SIPAuthField.parse) }
    /// `Proxy-Authorization` (RFC 3261 §20.28).
    public static var proxyAuthorization: Self { Self(.proxyAuthorization, list: false, SIPAuthField.parse) }
}

extension SIPTypedHeader where Value == SIPReason {
    /// `Reason` (RFC 3326).
    public static var reason: Self { Self(.reason, list: true, SIPReason.parse) }
}

extension SIPTypedHeader where Value == SIPRetryAfter {
    /// `Retry-After` (RFC 3261 §20.33).
    public static var retryAfter: Self { Self(.retryAfter, list: false, single: true, SIPRetryAfter.parse) }
}

extension SIPTypedHeader where Value == SIPWarning {
    /// `Warning` (RFC 3261 §20.43).
    public static var warning: Self { Self(.warning, list: true, SIPWarning.parse) }
}

extension SIPTypedHeader where Value == SIPEvent {
    /// `Event` (RFC 6665).
    public static var event: Self { Self(.event, list: false, single: true, SIPEvent.parse) }
}

/// An authentication challenge or credentials: WWW-Authenticate, Proxy-Authenticate,
/// Authorization, Proxy-Authorization (RFC 3261 §20.7, §20.27, §20.28, §20.44; RFC 7616).
///
/// Parameter values keep their quotes; `value(of:)` returns them unquoted.
public struct SIPAuthField: Sendable, Hashable, CustomStringConvertible {
    /// The scheme (`Digest`, or any other token).
    public var scheme: String
    /// The comma-separated `name=value` parameters in order.
    public var parameters: [SIPParameter]

    /// Creates a challenge or credentials.
    public init(scheme: String, parameters: [SIPParameter]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    /// A parameter's value with quotes removed, names compared case-insensitively.
    public func value(of name: String) -> String? {
        parameters.first { SIPText.equalsIgnoringCase($0.name, name) }?.unquotedValue
    }

    /// `Scheme a=b, c="d"`
    public var description: String {
        scheme + " " + parameters.map(\.description).joined(separator: ", ")
    }

    static func parse(_ scanner: inout SIPHeaderScanner) throws(SIPParseError) -> SIPAuthField {
        scanner.skipLWS()
        let scheme = try scanner.token("auth scheme")
        scanner.skipLWS()
        var parameters: [SIPParameter] = []
        while !scanner.atEnd {
            let name = try scanner.token("auth parameter")
            if scanner.consume(61) {
                let value: String
                if scanner.peek == 34 {
                    value = try scanner.quotedString()
                } else {
                    // token, or a token68-style value; ':' and '/' occur in unquoted uri values in the wild
                    let start = scanner.index
                    while let b = scanner.peek, SIPCharacterClass.isToken(b) || b == 58 || b == 47 || b == 61 { scanner.index += 1 }
                    guard scanner.index > start else { throw scanner.error("expected auth parameter value") }
                    value = String(decoding: scanner.bytes[start..<scanner.index], as: UTF8.self)
                }
                parameters.append(SIPParameter(name, value))
            } else {
                parameters.append(SIPParameter(name, nil))
            }
            guard try scanner.nextListElement() else { break }
        }
        return SIPAuthField(scheme: scheme, parameters: parameters)
    }
}

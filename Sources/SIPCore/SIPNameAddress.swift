/// A `name-addr` or `addr-spec` with header parameters, as in From, To, Contact, Route,
/// Record-Route, Reply-To, Refer-To (RFC 3261 §20.10, §25.1).
public struct SIPNameAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name, unquoted, when one was given.
    public var displayName: String?
    /// The URI.
    public var uri: SIPURI
    /// Header parameters after the address (`tag`, `q`, `expires`, …).
    public var parameters: [SIPParameter]

    /// Creates an address.
    public init(displayName: String? = nil, uri: SIPURI, parameters: [SIPParameter] = []) {
        self.displayName = displayName
        self.uri = uri
        self.parameters = parameters
    }

    /// The `tag` parameter (RFC 3261 §19.3).
    public var tag: String? { parameters.value(of: "tag") }

    /// Always written in the `name-addr` form, which is valid for any URI.
    public var description: String { writtenText }

    /// Quotes a display name, escaping `"` and `\`.
    static func quote(_ text: String) -> String {
        var s = "\""
        for c in text {
            if c == "\"" || c == "\\" { s.append("\\") }
            s.append(c)
        }
        return s + "\""
    }

    /// Parses one address with its parameters from the scanner (list elements are separated
    /// by the caller).
    static func parse(_ scanner: inout SIPHeaderScanner) throws(SIPParseError) -> SIPNameAddress {
        scanner.skipLWS()
        guard let first = scanner.peek else { throw scanner.error("expected an address") }
        var displayName: String?
        var uri: SIPURI
        if first == 34 || first == 60 || hasAngleBracketAhead(scanner) {
            if first == 34 {
                displayName = SIPParameter.unquote(try scanner.quotedString())
                scanner.skipLWS()
            } else if first != 60 {
                // display-name as *(token LWS)
                let start = scanner.index
                while let b = scanner.peek, b != 60 {
                    guard SIPCharacterClass.isToken(b) || SIPCharacterClass.isLWS(b) else {
                        throw scanner.error("character '\(Character(UnicodeScalar(b)))' not allowed in an unquoted display name")
                    }
                    scanner.index += 1
                }
                var end = scanner.index
                while end > start, SIPCharacterClass.isLWS(scanner.bytes[end - 1]) { end -= 1 }
                displayName = SIPHeaderField.unfoldedString(scanner.bytes[start..<end])
            }
            guard scanner.peek == 60 else { throw scanner.error("expected '<'") }
            scanner.index += 1
            let uriStart = scanner.index
            while let b = scanner.peek, b != 62 { scanner.index += 1 }
            guard !scanner.atEnd else { throw scanner.error("unterminated '<'", at: uriStart - 1) }
            let inner = scanner.bytes[uriStart..<scanner.index]
            if let first = inner.first, let last = inner.last, SIPCharacterClass.isLWS(first) || SIPCharacterClass.isLWS(last) {
                throw scanner.error("white space inside <>", at: uriStart)
            }
            uri = try parseURI(inner, scanner)
            scanner.index += 1
        } else {
            // addr-spec: the URI may not contain ';', ',' or '?' (RFC 3261 §20.10); its end is
            // the first of those or LWS.
            let uriStart = scanner.index
            while let b = scanner.peek, b != 59, b != 44, !SIPCharacterClass.isLWS(b) {
                if b == 63 { throw scanner.error("'?' in an address not enclosed in <>") }
                scanner.index += 1
            }
            uri = try parseURI(scanner.bytes[uriStart..<scanner.index], scanner)
        }
        let parameters = try scanner.parameters()
        return SIPNameAddress(displayName: displayName, uri: uri, parameters: parameters)
    }

    private static func parseURI(_ bytes: SIPBytes, _ scanner: SIPHeaderScanner) throws(SIPParseError) -> SIPURI {
        do {
            return try SIPURI(parsingBytes: bytes)
        } catch {
            // "Invalid To value: bad port", not "Invalid To value: Invalid URI: bad port".
            let why: String
            if case .invalidURI(let text) = error.kind { why = text } else { why = error.reason }
            throw SIPParseError(.invalidHeaderValue(why), offset: error.offset, header: scanner.header)
        }
    }

    /// Whether a '<' comes before the end of this list element (outside quotes), which means
    /// the element is a name-addr with an unquoted display name.
    private static func hasAngleBracketAhead(_ scanner: SIPHeaderScanner) -> Bool {
        // A ',' ends the element unless no ':' came before it: then the text cannot be a URI
        // and is a display name that needed quotes (RFC 4475 §3.1.2.15), reported as such.
        var i = scanner.index
        var sawColon = false
        while i < scanner.bytes.endIndex {
            let b = scanner.bytes[i]
            if b == 60 { return true }
            if b == 58 { sawColon = true }
            if (b == 44 && sawColon) || b == 59 || b == 34 { return false }
            i += 1
        }
        return false
    }
}

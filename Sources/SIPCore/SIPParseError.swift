/// A typed error raised while parsing or validating a SIP message (RFC 3261 §7, §25).
///
/// Every error names what went wrong, the byte offset in the input where it was found and,
/// when it happened inside a header field, that header's name as it appeared on the wire.
public struct SIPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem was found.
    public enum Kind: Sendable, Hashable {
        /// The input ended before the message was complete.
        case truncated
        /// The input is empty or holds only blank lines.
        case empty
        /// The start line is not a valid Request-Line or Status-Line.
        case malformedStartLine(String)
        /// The SIP-Version is well formed but not `SIP/2.0`.
        case unsupportedVersion(String)
        /// The status code is not three digits.
        case invalidStatusCode
        /// The method is not a token.
        case invalidMethod
        /// The Request-URI cannot be parsed or is not acceptable.
        case invalidRequestURI(String)
        /// A URI (in a header or on its own) does not follow RFC 3261 §19.1 / RFC 3966.
        case invalidURI(String)
        /// A header line has no colon or an invalid field name.
        case malformedHeaderLine
        /// A header field value does not follow the grammar of that header.
        case invalidHeaderValue(String)
        /// A header that must appear once appears several times.
        case duplicateHeader
        /// A header the message needs is missing.
        case missingHeader
        /// Content-Length is negative, not a number, or too large.
        case invalidContentLength
        /// Content-Length names more bytes than the datagram or frame holds.
        case contentLengthExceedsBody(declared: Int, available: Int)
        /// A stream message has no Content-Length.
        case missingContentLength
        /// A configured limit was exceeded (size, header count, line length, nesting).
        case limitExceeded(String)
        /// Line endings are not CRLF.
        case bareLineFeed
        /// An octet not allowed at this place (for example a control character).
        case invalidCharacter(UInt8)
    }

    /// What went wrong.
    public var kind: Kind
    /// Byte offset in the parsed input where the problem was found.
    public var offset: Int
    /// The header field name as it appeared, when the problem is inside a header.
    public var header: String?

    /// Creates an error.
    public init(_ kind: Kind, offset: Int, header: String? = nil) {
        self.kind = kind
        self.offset = offset
        self.header = header
    }

    /// A short English sentence naming the problem, suitable for a 400 reason phrase.
    public var reason: String {
        switch kind {
        case .truncated: return "Truncated message"
        case .empty: return "Empty message"
        case .malformedStartLine(let why): return "Malformed start line: \(why)"
        case .unsupportedVersion(let v): return "Unsupported SIP version \(v)"
        case .invalidStatusCode: return "Invalid status code"
        case .invalidMethod: return "Invalid method"
        case .invalidRequestURI(let why): return "Invalid Request-URI: \(why)"
        case .invalidURI(let why): return "Invalid URI: \(why)"
        case .malformedHeaderLine: return "Malformed header line" + headerSuffix
        case .invalidHeaderValue(let why):
            return "Invalid \(header ?? "header") value" + (why.isEmpty ? "" : ": \(why)")
        case .duplicateHeader: return "Multiple \(header ?? "header") values"
        case .missingHeader: return "Missing \(header ?? "required") header"
        case .invalidContentLength: return "Invalid Content-Length"
        case .contentLengthExceedsBody(let declared, let available):
            return "Content-Length \(declared) exceeds body of \(available) bytes"
        case .missingContentLength: return "Missing Content-Length on stream transport"
        case .limitExceeded(let what): return "Limit exceeded: \(what)"
        case .bareLineFeed: return "Line ends with LF instead of CRLF"
        case .invalidCharacter(let b): return "Invalid character 0x\(hex(b))" + headerSuffix
        }
    }

    private var headerSuffix: String { header.map { " in \($0)" } ?? "" }

    /// The reason phrase with the offset, for logs.
    public var description: String { "\(reason) (offset \(offset))" }
}

func hex(_ b: UInt8) -> String {
    let digits: [Character] = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
}

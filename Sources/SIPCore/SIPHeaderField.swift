/// One header field line as it stands in a message (RFC 3261 §7.3): the name exactly as sent
/// and the value with its original bytes.
public struct SIPHeaderField: Sendable, Hashable, CustomStringConvertible {
    /// The field name as it appeared (compact or long form, original case).
    public let name: String
    /// The value's exact bytes: after `HCOLON` up to the end of the last line, trailing
    /// whitespace trimmed, line folds kept.
    public let rawValue: [UInt8]

    /// The header name, classified (compact forms map to their long form).
    public var headerName: SIPHeaderName { SIPHeaderName(name) }

    /// The value with every line fold (CRLF followed by white space) replaced by one space
    /// (RFC 3261 §7.3.1).
    public var value: String { SIPHeaderField.unfoldedString(rawValue[...]) }

    /// Creates a field.
    public init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
    }

    /// `name: value` as it would be written.
    public var description: String { "\(name): \(value)" }

    /// Replaces each CRLF (or LF) plus following white space with a single SP.
    static func unfold<B: SIPByteCollection>(_ bytes: B) -> [UInt8] {
        guard bytes.contains(10) else { return Array(bytes) }
        return unfoldLines(bytes)
    }

    /// Unfolds into a String, without an intermediate array when there is no fold.
    static func unfoldedString<B: SIPByteCollection>(_ bytes: B) -> String {
        guard bytes.contains(10) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: unfoldLines(bytes), as: UTF8.self)
    }

    private static func unfoldLines<B: SIPByteCollection>(_ bytes: B) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 13 || b == 10 {
                // drop the line break and the white space around it, write one SP
                while let last = out.last, last == 32 || last == 9 { out.removeLast() }
                while i < bytes.endIndex, SIPCharacterClass.isLWS(bytes[i]) { i += 1 }
                out.append(32)
                continue
            }
            out.append(b)
            i += 1
        }
        return out
    }
}

/// Where a header field sits inside a message's storage.
struct SIPFieldSpan: Sendable, Hashable {
    /// First byte of the name.
    var lineStart: Int
    /// One past the last byte of the name.
    var nameEnd: Int
    /// First byte of the value.
    var valueStart: Int
    /// One past the last byte of the value (trailing white space trimmed).
    var valueEnd: Int
    /// Known-header ID, 0 when unknown.
    var knownID: UInt8
}

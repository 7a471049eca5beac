import StackCore
/// JSON text (RFC 8259) for ``PlivoOptionsValue``: the access token's payload and the HTTP
/// bodies of call-quality feedback are read and written with it, and a service can read the
/// seed's options from a JSON configuration (``PlivoOptionsValue/init(json:)``, then
/// ``PlivoOptions/init(validating:)``).
extension PlivoOptionsValue {
    /// Why a text is not JSON: the byte offset and what was expected there.
    public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The offset, in UTF-8 bytes, where the text stopped being JSON.
        public var offset: Int
        /// What is wrong there.
        public var reason: String

        /// `not JSON at byte N: reason`.
        public var description: String { "not JSON at byte \(offset): \(reason)" }
    }

    /// Nesting deeper than this is refused (a hostile token cannot exhaust the stack).
    static let maximumJSONDepth = 64

    /// Parses one JSON value filling `bytes` (UTF-8; white space around it allowed). Like
    /// JavaScript's `JSON.parse`, a repeated object key keeps its last value.
    public init(json bytes: [UInt8]) throws(JSONSyntaxError) {
        var reader = JSONReader(bytes: bytes)
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.offset == bytes.count else { throw reader.error("text after the value") }
        self = value
    }

    /// The value as compact JSON text: object keys sorted, whole numbers without a fraction
    /// (`48000`, not `48000.0`), non-finite numbers as `null` (as `JSON.stringify` does).
    var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += Self.numberText(value)
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                Self.writeString(key, to: &out)
                out += ":"
                members[key, default: .null].write(to: &out)
            }
            out += "}"
        }
    }

    /// A number as JSON: integers without a fraction, others in Swift's shortest form.
    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if let whole = PlivoOptionsValue.number(value).integerValue { return String(whole) }
        return String(describing: value)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func writeString(_ text: String, to out: inout String) {
        JSONStringLiteral.write(text, to: &out)
    }
}

/// A cursor over JSON bytes (RFC 8259 §2–§7), used by ``PlivoOptionsValue/init(json:)``.
private struct JSONReader {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ reason: String) -> PlivoOptionsValue.JSONSyntaxError {
        PlivoOptionsValue.JSONSyntaxError(offset: offset, reason: reason)
    }

    mutating func skipWhitespace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    mutating func value(depth: Int) throws(PlivoOptionsValue.JSONSyntaxError) -> PlivoOptionsValue {
        guard depth < PlivoOptionsValue.maximumJSONDepth else { throw error("nested too deeply") }
        guard offset < bytes.count else { throw error("a value was expected") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: String) throws(PlivoOptionsValue.JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard bytes.count - offset >= expected.count, Array(bytes[offset..<offset + expected.count]) == expected else {
            throw error("\(word) was expected")
        }
        offset += expected.count
    }

    private mutating func object(depth: Int) throws(PlivoOptionsValue.JSONSyntaxError) -> PlivoOptionsValue {
        var members: [String: PlivoOptionsValue] = [:]
        try items(closedBy: "}") { reader throws(PlivoOptionsValue.JSONSyntaxError) in
            guard reader.offset < reader.bytes.count, reader.bytes[reader.offset] == UInt8(ascii: "\"") else {
                throw reader.error("a member name was expected")
            }
            let key = try reader.string()
            reader.skipWhitespace()
            guard reader.offset < reader.bytes.count, reader.bytes[reader.offset] == UInt8(ascii: ":") else {
                throw reader.error("':' was expected")
            }
            reader.offset += 1
            reader.skipWhitespace()
            members[key] = try reader.value(depth: depth + 1)
        }
        return .object(members)
    }

    private mutating func array(depth: Int) throws(PlivoOptionsValue.JSONSyntaxError) -> PlivoOptionsValue {
        var elements: [PlivoOptionsValue] = []
        try items(closedBy: "]") { reader throws(PlivoOptionsValue.JSONSyntaxError) in
            elements.append(try reader.value(depth: depth + 1))
        }
        return .array(elements)
    }

    /// The comma-separated items after an opening bracket up to `close`, each read by `item`
    /// (called with white space skipped).
    private mutating func items(closedBy close: Unicode.Scalar,
                                _ item: (inout JSONReader) throws(PlivoOptionsValue.JSONSyntaxError) -> Void)
        throws(PlivoOptionsValue.JSONSyntaxError) {
        let closing = UInt8(ascii: close)
        offset += 1
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == closing {
            offset += 1
            return
        }
        while true {
            skipWhitespace()
            try item(&self)
            skipWhitespace()
            guard offset < bytes.count else { throw error("'\(close)' was expected") }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
            } else if bytes[offset] == closing {
                offset += 1
                return
            } else {
                throw error("',' or '\(close)' was expected")
            }
        }
    }

    /// A string literal; `\u` escapes with surrogate pairs; unpaired surrogates and invalid
    /// UTF-8 become U+FFFD (as a lenient decoder does).
    mutating func string() throws(PlivoOptionsValue.JSONSyntaxError) -> String {
        offset += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            if !run.isEmpty { scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars) }
            run.removeAll(keepingCapacity: true)
        }
        while true {
            guard offset < bytes.count else { throw error("the string is not closed") }
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                scalars.append(try escape())
            case 0x00..<0x20:
                offset -= 1
                throw error("a control character in a string")
            default:
                run.append(byte)
            }
        }
    }

    private mutating func escape() throws(PlivoOptionsValue.JSONSyntaxError) -> Unicode.Scalar {
        guard offset < bytes.count else { throw error("the escape is not complete") }
        let byte = bytes[offset]
        offset += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            if (0xD800..<0xDC00).contains(unit), bytes.count - offset >= 6,
               bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
                let saved = offset
                offset += 2
                let low = try hexUnit()
                if (0xDC00..<0xE000).contains(low),
                   let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) {
                    return scalar
                }
                offset = saved
            }
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        default:
            offset -= 1
            throw error("an unknown escape")
        }
    }

    private mutating func hexUnit() throws(PlivoOptionsValue.JSONSyntaxError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw error("four hex digits were expected") }
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexDigit(bytes[offset]) else { throw error("four hex digits were expected") }
            unit = unit << 4 | digit
            offset += 1
        }
        return unit
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// A number: `-? int frac? exp?` (RFC 8259 §6), converted to the nearest double.
    private mutating func number() throws(PlivoOptionsValue.JSONSyntaxError) -> Double {
        let start = offset
        func digits() -> Int {
            let first = offset
            while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
            return offset - first
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        let integerDigits = digits()
        guard integerDigits > 0 else {
            offset = start
            throw error("a value was expected")
        }
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            offset = integerStart + 1
            throw error("a number with a leading zero")
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw error("a digit was expected after '.'") }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw error("a digit was expected in the exponent") }
        }
        guard let value = Double(String(decoding: bytes[start..<offset], as: UTF8.self)) else {
            throw error("a number out of range")
        }
        return value
    }
}

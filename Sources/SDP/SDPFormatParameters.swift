/// `a=fmtp:<format> <format specific parameters>` (RFC 8866 §6.15), with the common
/// `name=value;name=value` parameter list read and written in order (RFC 7587 §6.1, RFC 4733 §2.4).
public struct SDPFormatParameters: Sendable, Hashable, CustomStringConvertible {
    /// One `name[=value]` item of the parameter list.
    public struct Parameter: Sendable, Hashable {
        /// The name (for RFC 4733 event lists such as `0-16`, the whole item).
        public var name: String
        /// The value after `=`, nil when there is no `=`.
        public var value: String?

        /// Creates a parameter.
        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    /// The format (payload type) the parameters apply to.
    public var format: String
    /// The parameter text exactly as written (possibly empty).
    public var parameters: String

    /// Creates format parameters (RFC 8866 §6.15).
    public init(format: String, parameters: String) {
        self.format = format
        self.parameters = parameters
    }

    /// Creates format parameters from a parameter list, joined with `;`.
    public init(format: String, list: [Parameter]) {
        self.init(format: format, parameters: Self.join(list))
    }

    /// Parses the value of `a=fmtp` (RFC 8866 §6.15); nil when the format is not a token.
    public init?(parsing value: some StringProtocol) {
        guard let parameters = SDPGrammar.withBytes(value, { SDPFormatParameters(bytes: $0) }) else { return nil }
        self = parameters
    }

    /// Parses the bytes of an `a=fmtp` value.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let (format, rest) = Self.scan(bytes) else { return nil }
        self.format = format.string
        parameters = rest.string
    }

    /// True when the bytes are a valid `a=fmtp` value.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { scan(bytes) != nil }

    /// The format token of a valid `a=fmtp` value, without making Strings.
    static func format(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? { scan(bytes)?.format }

    /// The format token and the parameter text (empty when there is none).
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>)
        -> (format: UnsafeBufferPointer<UInt8>, parameters: UnsafeBufferPointer<UInt8>)? {
        if let (format, rest) = bytes.splitFirstField() {
            return format.isToken ? (format, rest) : nil
        }
        return bytes.isToken ? (bytes, bytes.slice(0, 0)) : nil
    }

    /// The parameter list: items split at `;`, names and values trimmed of spaces.
    public var list: [Parameter] {
        parameters.utf8.split(separator: 0x3B, omittingEmptySubsequences: true).compactMap { item in
            let text = Self.trim(Substring(item))
            if text.isEmpty { return nil }
            if let (name, value) = SDPGrammar.splitAt(text, byte: 0x3D) {
                return Parameter(name: String(Self.trim(name)), value: String(Self.trim(value)))
            }
            return Parameter(name: String(text))
        }
    }

    /// The value of the first parameter named `name` (ASCII case-insensitive), nil if absent.
    public func value(for name: String) -> String? {
        list.first { SDPGrammar.equalsIgnoringCase($0.name, name) }?.value
    }

    /// Sets parameter `name` to `value`: replaces the first one of that name (keeping its place)
    /// and drops any later duplicates, or appends it.
    public mutating func set(_ name: String, to value: String) {
        var items = list
        if let index = items.firstIndex(where: { SDPGrammar.equalsIgnoringCase($0.name, name) }) {
            items[index].value = value
            var seen = false
            items.removeAll { item in
                guard SDPGrammar.equalsIgnoringCase(item.name, name) else { return false }
                defer { seen = true }
                return seen
            }
        } else {
            items.append(Parameter(name: name, value: value))
        }
        parameters = Self.join(items)
    }

    /// The value of `a=fmtp`.
    public var description: String {
        parameters.isEmpty ? format : format + " " + parameters
    }

    private static func join(_ list: [Parameter]) -> String {
        list.map { item in item.value.map { item.name + "=" + $0 } ?? item.name }.joined(separator: ";")
    }

    private static func trim(_ text: Substring) -> Substring {
        let bytes = text.utf8.drop { $0 == 0x20 }
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == 0x20 { end = bytes.index(before: end) }
        return Substring(bytes[bytes.startIndex..<end])
    }
}

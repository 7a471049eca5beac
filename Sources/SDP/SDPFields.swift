/// The space-separated fields of a span of bytes, as `SDPGrammar.fields` splits them (runs of
/// spaces are one separator; leading and trailing spaces are ignored), without allocating.
struct SDPFields: IteratorProtocol {
    /// The bytes being split.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the next field search starts.
    private(set) var position = 0

    /// Fields of `bytes`.
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The next field, nil when none is left.
    @inline(__always) mutating func next() -> UnsafeBufferPointer<UInt8>? {
        while position < bytes.count, bytes[position] == 0x20 { position += 1 }
        if position == bytes.count { return nil }
        let start = position
        while position < bytes.count, bytes[position] != 0x20 { position += 1 }
        return bytes.slice(start, position)
    }

    /// The number of fields left (consumes them).
    mutating func countRemaining() -> Int {
        var count = 0
        while next() != nil { count += 1 }
        return count
    }

    /// The number of fields of `bytes`.
    static func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var fields = SDPFields(bytes)
        return fields.countRemaining()
    }
}

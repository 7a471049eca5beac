/// An error thrown by ``ByteReader`` when input is shorter than a read needs.
///
/// Offsets count from the first byte the reader was created over (not from the start of the
/// underlying array), so a decoder can report exactly where a peer's message was cut short.
public enum ByteReaderError: Error, Sendable, Hashable {
    /// A read of `needed` bytes starting at `offset` ran past the end of the input.
    case truncated(offset: Int, needed: Int)
    /// A read or skip was asked for a negative number of bytes `count` at `offset`.
    case negativeCount(offset: Int, count: Int)
}

extension ByteReaderError: CustomStringConvertible {
    /// A one-line human-readable description naming the offset.
    public var description: String {
        switch self {
        case .truncated(let offset, let needed):
            return "truncated input: needed \(needed) byte(s) at offset \(offset)"
        case .negativeCount(let offset, let count):
            return "negative byte count \(count) at offset \(offset)"
        }
    }
}

/// An error thrown by ``ByteWriter`` when a patch addresses bytes that were never written.
public enum ByteWriterError: Error, Sendable, Hashable {
    /// A patch of `width` bytes at `offset` does not fit in the `count` bytes written so far.
    case outOfBounds(offset: Int, width: Int, count: Int)
}

extension ByteWriterError: CustomStringConvertible {
    /// A one-line human-readable description naming the offset.
    public var description: String {
        switch self {
        case .outOfBounds(let offset, let width, let count):
            return "patch of \(width) byte(s) at offset \(offset) is outside the \(count) written"
        }
    }
}

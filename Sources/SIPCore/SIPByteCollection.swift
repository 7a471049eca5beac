/// The byte collections the parsers read: `ArraySlice<UInt8>` (public entry points) and
/// `Slice<UnsafeBufferPointer<UInt8>>` (the hot path, inside `withUnsafeBufferPointer`, where
/// slicing costs no reference counting). Indices are absolute, so error offsets stay offsets
/// into the message.
protocol SIPByteCollection: Collection where Element == UInt8, Index == Int, SubSequence == Self {}

extension ArraySlice: SIPByteCollection where Element == UInt8 {}
extension Slice: SIPByteCollection where Base == UnsafeBufferPointer<UInt8> {}

/// A non-owning view of message bytes, valid only inside the `withUnsafeBufferPointer` that made it.
typealias SIPBytes = Slice<UnsafeBufferPointer<UInt8>>

/// The elements of an RFC 8285 extension block, in order, without allocation (RFC 8285 §4).
public struct RTPHeaderExtensionElements<Bytes: RandomAccessCollection>: Sequence
where Bytes.Element == UInt8, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    @usableFromInline let data: Bytes
    @usableFromInline let form: RTPHeaderExtension<Bytes>.Form

    @inlinable
    init(data: Bytes, form: RTPHeaderExtension<Bytes>.Form) {
        self.data = data
        self.form = form
    }

    /// Reads elements one by one.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let data: Bytes
        @usableFromInline let form: RTPHeaderExtension<Bytes>.Form
        @usableFromInline var offset = 0

        @inlinable
        init(data: Bytes, form: RTPHeaderExtension<Bytes>.Form) {
            self.data = data
            self.form = form
        }

        /// The next element, or `nil` at the end, at a one-byte ID 15, or at a malformed element.
        @inlinable
        public mutating func next() -> RTPHeaderExtensionElement<Bytes>? {
            let count = data.count
            switch form {
            case .oneByte:
                while offset < count {
                    let byte = data.rtpByte(at: offset)
                    if byte == 0 { offset += 1; continue }
                    let id = byte >> 4
                    let length = Int(byte & 0x0F) + 1
                    guard id != 15, id != 0, offset + 1 + length <= count else { offset = count; return nil }
                    let value = data.rtpSlice((offset + 1)..<(offset + 1 + length))
                    offset += 1 + length
                    return RTPHeaderExtensionElement(id: id, value: value)
                }
            case .twoByte:
                while offset < count {
                    let id = data.rtpByte(at: offset)
                    if id == 0 { offset += 1; continue }
                    guard offset + 2 <= count else { offset = count; return nil }
                    let length = Int(data.rtpByte(at: offset + 1))
                    guard offset + 2 + length <= count else { offset = count; return nil }
                    let value = data.rtpSlice((offset + 2)..<(offset + 2 + length))
                    offset += 2 + length
                    return RTPHeaderExtensionElement(id: id, value: value)
                }
            case .other:
                break
            }
            return nil
        }
    }

    /// An iterator from the first element.
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(data: data, form: form)
    }
}

extension RTPHeaderExtensionElements: Sendable where Bytes: Sendable {}
extension RTPHeaderExtensionElements.Iterator: Sendable where Bytes: Sendable {}

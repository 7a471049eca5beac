/// Where the parts of one RTP packet are, found in one pass over contiguous bytes
/// (RFC 3550 §5.1, §5.3.1; RFC 8285 §4).
///
/// Offsets are from the first byte of the packet. Internal: ``RTPPacketView`` exposes it.
@usableFromInline
struct RTPPacketLayout: Sendable, Hashable {
    /// Size of the fixed header (RFC 3550 §5.1).
    @usableFromInline static let fixedHeaderSize = 12
    /// The profile of the one-byte header extension form (RFC 8285 §4.2).
    @usableFromInline static let oneByteProfile: UInt16 = 0xBEDE
    /// The profile of the two-byte form with its 4 application bits cleared (RFC 8285 §4.3).
    @usableFromInline static let twoByteProfile: UInt16 = 0x1000

    @usableFromInline var marker: Bool
    @usableFromInline var payloadType: UInt8
    @usableFromInline var sequenceNumber: UInt16
    @usableFromInline var timestamp: UInt32
    @usableFromInline var ssrc: UInt32
    @usableFromInline var csrcCount: Int
    @usableFromInline var hasPadding: Bool
    @usableFromInline var paddingCount: Int
    /// The extension's profile field, when the X bit is set.
    @usableFromInline var extensionProfile: UInt16?
    /// The extension data after its 4-byte header (empty without an extension).
    @usableFromInline var extensionData: Range<Int>
    @usableFromInline var payload: Range<Int>

    /// Parses and validates the packet that fills `buffer` (one datagram).
    @usableFromInline
    init(parsing buffer: UnsafeRawBufferPointer) throws(RTPParseError) {
        let count = buffer.count
        guard count >= Self.fixedHeaderSize else {
            throw RTPParseError(.truncated(needed: Self.fixedHeaderSize, available: count), offset: 0)
        }
        let first = buffer[0]
        guard first >> 6 == 2 else { throw RTPParseError(.unsupportedVersion(first >> 6), offset: 0) }
        let second = buffer[1]
        marker = second & 0x80 != 0
        payloadType = second & 0x7F
        sequenceNumber = UInt16(bigEndian: buffer.loadUnaligned(fromByteOffset: 2, as: UInt16.self))
        timestamp = UInt32(bigEndian: buffer.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        ssrc = UInt32(bigEndian: buffer.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        csrcCount = Int(first & 0x0F)
        hasPadding = first & 0x20 != 0
        var offset = Self.fixedHeaderSize + 4 * csrcCount
        guard count >= offset else {
            throw RTPParseError(.truncated(needed: offset, available: count), offset: Self.fixedHeaderSize)
        }
        if first & 0x10 != 0 {
            guard count - offset >= 4 else {
                throw RTPParseError(.truncated(needed: 4, available: count - offset), offset: offset)
            }
            let profile = UInt16(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
            let length = 4 * Int(UInt16(bigEndian: buffer.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self)))
            let dataStart = offset + 4
            guard length <= count - dataStart else {
                throw RTPParseError(.extensionOverrun(length: length, available: count - dataStart), offset: offset + 2)
            }
            extensionProfile = profile
            extensionData = dataStart..<(dataStart + length)
            try Self.validateElements(in: buffer, profile: profile, data: extensionData)
            offset = dataStart + length
        } else {
            extensionProfile = nil
            extensionData = offset..<offset
        }
        paddingCount = 0
        if hasPadding {
            let padding = Int(buffer[count - 1])
            guard padding > 0, padding <= count - offset else {
                throw RTPParseError(.invalidPadding(count: padding), offset: count - 1)
            }
            paddingCount = padding
        }
        payload = offset..<(count - paddingCount)
    }

    /// Checks the RFC 8285 elements of a one-byte or two-byte extension block; other profiles
    /// are opaque.
    static func validateElements(in buffer: UnsafeRawBufferPointer, profile: UInt16,
                                 data: Range<Int>) throws(RTPParseError) {
        var index = data.lowerBound
        if profile == oneByteProfile {
            while index < data.upperBound {
                let byte = buffer[index]
                if byte == 0 { index += 1; continue }
                let id = byte >> 4
                if id == 15 { return }  // RFC 8285 §4.2: stop processing here
                guard id != 0 else { throw RTPParseError(.invalidExtensionElement(id: 0), offset: index) }
                let length = Int(byte & 0x0F) + 1
                let available = data.upperBound - index - 1
                guard length <= available else {
                    throw RTPParseError(
                        .extensionElementOverrun(id: id, length: length, available: available), offset: index)
                }
                index += 1 + length
            }
        } else if profile & 0xFFF0 == twoByteProfile {
            while index < data.upperBound {
                let id = buffer[index]
                if id == 0 { index += 1; continue }
                guard index + 1 < data.upperBound else {
                    throw RTPParseError(.truncated(needed: 2, available: 1), offset: index)
                }
                let length = Int(buffer[index + 1])
                let available = data.upperBound - index - 2
                guard length <= available else {
                    throw RTPParseError(
                        .extensionElementOverrun(id: id, length: length, available: available), offset: index)
                }
                index += 2 + length
            }
        }
    }
}

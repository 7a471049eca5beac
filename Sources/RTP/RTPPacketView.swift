/// A read-only view of one received RTP packet, validated once and never copied
/// (RFC 3550 §5.1, §5.3.1; RFC 8285 §4).
///
/// `Bytes` is whatever holds the datagram: `[UInt8]`, `ArraySlice<UInt8>`,
/// `UnsafeRawBufferPointer` (inside `withUnsafeBytes` or a NIO `withUnsafeReadableBytes`; the
/// view is then valid only inside that closure), or any random-access byte collection indexed by
/// `Int`. Parsing runs over the contiguous storage in one pass: version 2, the CSRC list, the
/// extension block (and its RFC 8285 elements when the profile is 0xBEDE or 0x100X), the padding
/// count; every accessor afterwards is a field read or a slice, with no allocation.
///
/// Two views are equal when their header fields, CSRCs, extension (profile and data), payload
/// and padding count are equal; padding bytes before the count octet are not compared.
public struct RTPPacketView<Bytes: RandomAccessCollection>: Equatable
where Bytes.Element == UInt8, Bytes.Index == Int {
    /// The whole datagram as given.
    public let bytes: Bytes
    @usableFromInline let layout: RTPPacketLayout

    /// Parses the RTP packet that fills `bytes` (one datagram, after SRTP unprotection).
    ///
    /// Never traps; every problem is an ``RTPParseError`` with its offset. A collection without
    /// contiguous storage is copied once for parsing.
    @inlinable
    public init(parsing bytes: Bytes) throws(RTPParseError) {
        let parsed = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(RTPParseError) in try RTPPacketLayout(parsing: UnsafeRawBufferPointer(buffer)) }
        } ?? Array(bytes).withUnsafeBytes { buffer in
            Result { () throws(RTPParseError) in try RTPPacketLayout(parsing: buffer) }
        }
        self.bytes = bytes
        self.layout = try parsed.get()
    }

    /// The fixed header fields (RFC 3550 §5.1).
    @inlinable
    public var header: RTPHeader {
        RTPHeader(marker: layout.marker, payloadType: layout.payloadType,
                  sequenceNumber: layout.sequenceNumber, timestamp: layout.timestamp, ssrc: layout.ssrc)
    }

    /// The marker bit (RFC 3550 §5.1).
    @inlinable
    public var marker: Bool { layout.marker }
    /// The payload type, 0–127 (RFC 3550 §5.1).
    @inlinable
    public var payloadType: UInt8 { layout.payloadType }
    /// The sequence number (RFC 3550 §5.1).
    @inlinable
    public var sequenceNumber: UInt16 { layout.sequenceNumber }
    /// The RTP timestamp (RFC 3550 §5.1).
    @inlinable
    public var timestamp: UInt32 { layout.timestamp }
    /// The synchronization source (RFC 3550 §5.1).
    @inlinable
    public var ssrc: UInt32 { layout.ssrc }

    /// The contributing sources, read in place (RFC 3550 §5.1 CC and CSRC list).
    @inlinable
    public var csrcs: RTPCSRCList<Bytes.SubSequence> {
        RTPCSRCList(bytes.rtpSlice(RTPPacketLayout.fixedHeaderSize..<(RTPPacketLayout.fixedHeaderSize + 4 * layout.csrcCount)))
    }

    /// Whether the P bit is set (RFC 3550 §5.1).
    @inlinable
    public var hasPadding: Bool { layout.hasPadding }
    /// Padding octets at the end, the count octet included; 0 without the P bit (RFC 3550 §5.1).
    @inlinable
    public var paddingCount: Int { layout.paddingCount }

    /// The header extension when the X bit is set (RFC 3550 §5.3.1, RFC 8285).
    @inlinable
    public var headerExtension: RTPHeaderExtension<Bytes.SubSequence>? {
        guard let profile = layout.extensionProfile else { return nil }
        return RTPHeaderExtension(profile: profile, data: bytes.rtpSlice(layout.extensionData))
    }

    /// The payload: after the header and extension, before the padding (RFC 3550 §5.1).
    @inlinable
    public var payload: Bytes.SubSequence { bytes.rtpSlice(layout.payload) }

    /// Offsets of the payload from the first byte of the packet.
    @inlinable
    public var payloadRange: Range<Int> { layout.payload }

    /// Bytes before the payload: fixed header, CSRCs and extension.
    @inlinable
    public var headerSize: Int { layout.payload.lowerBound }

    /// The value of the RFC 8285 element `id`, when the packet has an RFC 8285 extension block
    /// holding it (the first such element).
    @inlinable
    public func extensionElement(id: UInt8) -> Bytes.SubSequence? {
        headerExtension?.element(id: id)
    }

    /// The RFC 6464 audio level carried in element `id` (the ID negotiated for
    /// `urn:ietf:params:rtp-hdrext:ssrc-audio-level`).
    @inlinable
    public func audioLevel(extensionID id: UInt8) -> RTPAudioLevel? {
        guard let value = extensionElement(id: id) else { return nil }
        return RTPAudioLevel(extensionValue: value)
    }

    /// Whether two views carry the same packet (see the type's description).
    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.hasSameContent(as: rhs)
    }

    /// Whether `other`, over any kind of bytes, carries the same packet: header fields, CSRCs,
    /// extension profile and data, payload and padding count.
    @inlinable
    public func hasSameContent<Other>(as other: RTPPacketView<Other>) -> Bool {
        guard header == other.header, paddingCount == other.paddingCount, hasPadding == other.hasPadding,
              csrcs.elementsEqual(other.csrcs), payload.elementsEqual(other.payload) else { return false }
        switch (headerExtension, other.headerExtension) {
        case (nil, nil):
            return true
        case (let mine?, let theirs?):
            return mine.profile == theirs.profile && mine.data.elementsEqual(theirs.data)
        default:
            return false
        }
    }
}

extension RTPPacketView: Sendable where Bytes: Sendable {}

/// Builds RTP packets into a caller's buffer without allocating (RFC 3550 §5.1, §5.3.1;
/// RFC 8285 §4.2).
///
/// To let an encoder write the payload in place, write with an empty payload and no padding:
/// the returned size is where the payload goes.
public enum RTPPacketWriter {
    /// Bytes before the payload: fixed header, CSRCs and, when `extensionDataSize` is given, the
    /// 4-byte extension header plus that much data (RFC 3550 §5.1, §5.3.1).
    @inlinable
    public static func headerSize(csrcCount: Int, extensionDataSize: Int? = nil) -> Int {
        RTPPacketLayout.fixedHeaderSize + 4 * csrcCount + (extensionDataSize.map { 4 + $0 } ?? 0)
    }

    /// Data size of a one-byte extension block holding `elements`: each element's header byte
    /// and data, padded with zeros to a multiple of 4 (RFC 8285 §4.2).
    @inlinable
    public static func extensionDataSize(of elements: some Collection<RTPOneByteExtensionElement>) -> Int {
        var size = 0
        for element in elements { size += 1 + element.count }
        return (size + 3) & ~3
    }

    /// Writes a packet with optional one-byte extension elements (none: no extension block) at
    /// the start of `buffer`; returns its size. `paddingCount` (0–255) adds RFC 3550 padding:
    /// zeros and a final count octet, with the P bit set.
    @inlinable @discardableResult
    public static func write(
        _ header: RTPHeader,
        csrcs: some Collection<UInt32> = EmptyCollection<UInt32>(),
        extensions: some Collection<RTPOneByteExtensionElement> = EmptyCollection<RTPOneByteExtensionElement>(),
        payload: some Collection<UInt8>,
        paddingCount: Int = 0,
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(RTPWriteError) -> Int {
        let dataSize = extensionDataSize(of: extensions)
        return try writePacket(
            header, csrcs: csrcs, extensionProfile: extensions.isEmpty ? nil : RTPPacketLayout.oneByteProfile,
            extensionDataSize: dataSize, payload: payload, paddingCount: paddingCount, into: buffer
        ) { buffer, start in
            var offset = start
            for element in extensions {
                offset += element.write(into: buffer, at: offset)
            }
            while offset < start + dataSize {
                buffer[offset] = 0
                offset += 1
            }
        }
    }

    /// Writes a packet with an extension block given as its profile field and raw data (a
    /// multiple of 4 bytes; RFC 3550 §5.3.1) at the start of `buffer`; returns its size.
    @inlinable @discardableResult
    public static func write(
        _ header: RTPHeader,
        csrcs: some Collection<UInt32> = EmptyCollection<UInt32>(),
        extensionProfile: UInt16,
        extensionData: some Collection<UInt8>,
        payload: some Collection<UInt8>,
        paddingCount: Int = 0,
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(RTPWriteError) -> Int {
        try writePacket(
            header, csrcs: csrcs, extensionProfile: extensionProfile, extensionDataSize: extensionData.count,
            payload: payload, paddingCount: paddingCount, into: buffer
        ) { buffer, start in
            buffer.rtpCopy(extensionData, to: start)
        }
    }

    /// Appends a packet with optional one-byte extension elements to `bytes` (no allocation
    /// when `bytes` has the capacity); returns its size.
    @inlinable @discardableResult
    public static func append(
        _ header: RTPHeader,
        csrcs: some Collection<UInt32> = EmptyCollection<UInt32>(),
        extensions: some Collection<RTPOneByteExtensionElement> = EmptyCollection<RTPOneByteExtensionElement>(),
        payload: some Collection<UInt8>,
        paddingCount: Int = 0,
        to bytes: inout [UInt8]
    ) throws(RTPWriteError) -> Int {
        let size = headerSize(csrcCount: csrcs.count, extensionDataSize: extensions.isEmpty ? nil : extensionDataSize(of: extensions))
            + payload.count + paddingCount
        return try appending(size: size, to: &bytes) { buffer throws(RTPWriteError) in
            try write(header, csrcs: csrcs, extensions: extensions, payload: payload,
                      paddingCount: paddingCount, into: buffer)
        }
    }

    /// Appends a packet with a raw extension block to `bytes`; returns its size.
    @inlinable @discardableResult
    public static func append(
        _ header: RTPHeader,
        csrcs: some Collection<UInt32> = EmptyCollection<UInt32>(),
        extensionProfile: UInt16,
        extensionData: some Collection<UInt8>,
        payload: some Collection<UInt8>,
        paddingCount: Int = 0,
        to bytes: inout [UInt8]
    ) throws(RTPWriteError) -> Int {
        let size = headerSize(csrcCount: csrcs.count, extensionDataSize: extensionData.count)
            + payload.count + paddingCount
        return try appending(size: size, to: &bytes) { buffer throws(RTPWriteError) in
            try write(header, csrcs: csrcs, extensionProfile: extensionProfile, extensionData: extensionData,
                      payload: payload, paddingCount: paddingCount, into: buffer)
        }
    }

    /// Grows `bytes` by `size` zeros, lets `body` write there, and removes them again on error.
    @inlinable
    static func appending(
        size: Int, to bytes: inout [UInt8],
        _ body: (UnsafeMutableRawBufferPointer) throws(RTPWriteError) -> Int
    ) throws(RTPWriteError) -> Int {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: max(size, 0)))
        let result = bytes.withUnsafeMutableBytes { all in
            Result { () throws(RTPWriteError) in try body(UnsafeMutableRawBufferPointer(rebasing: all[start...])) }
        }
        switch result {
        case .success(let written):
            bytes.removeLast(bytes.count - start - written)
            return written
        case .failure(let error):
            bytes.removeLast(bytes.count - start)
            throw error
        }
    }

    /// Validates the fields and writes header, CSRCs, extension header, the extension data (by
    /// `writeExtension(buffer, offset)`), payload and padding.
    @inlinable
    static func writePacket(
        _ header: RTPHeader,
        csrcs: some Collection<UInt32>,
        extensionProfile: UInt16?,
        extensionDataSize: Int,
        payload: some Collection<UInt8>,
        paddingCount: Int,
        into buffer: UnsafeMutableRawBufferPointer,
        writeExtension: (UnsafeMutableRawBufferPointer, Int) -> Void
    ) throws(RTPWriteError) -> Int {
        guard header.payloadType <= 127 else { throw .valueOutOfRange(.payloadType, Int(header.payloadType)) }
        let csrcCount = csrcs.count
        guard csrcCount <= 15 else { throw .valueOutOfRange(.csrcCount, csrcCount) }
        guard (0...255).contains(paddingCount) else { throw .valueOutOfRange(.paddingCount, paddingCount) }
        if extensionProfile != nil {
            guard extensionDataSize % 4 == 0, extensionDataSize / 4 <= 0xFFFF else {
                throw .valueOutOfRange(.extensionLength, extensionDataSize)
            }
        }
        let prefix = headerSize(csrcCount: csrcCount, extensionDataSize: extensionProfile == nil ? nil : extensionDataSize)
        let payloadCount = payload.count
        let total = prefix + payloadCount + paddingCount
        guard total <= buffer.count else { throw .bufferTooSmall(needed: total, available: buffer.count) }

        var first: UInt8 = 0x80 | UInt8(csrcCount)
        if paddingCount > 0 { first |= 0x20 }
        if extensionProfile != nil { first |= 0x10 }
        buffer[0] = first
        buffer[1] = (header.marker ? 0x80 : 0) | header.payloadType
        buffer.rtpStore(header.sequenceNumber, at: 2)
        buffer.rtpStore(header.timestamp, at: 4)
        buffer.rtpStore(header.ssrc, at: 8)
        var offset = RTPPacketLayout.fixedHeaderSize
        for csrc in csrcs {
            buffer.rtpStore(csrc, at: offset)
            offset += 4
        }
        if let extensionProfile {
            buffer.rtpStore(extensionProfile, at: offset)
            buffer.rtpStore(UInt16(extensionDataSize / 4), at: offset + 2)
            writeExtension(buffer, offset + 4)
            offset += 4 + extensionDataSize
        }
        buffer.rtpCopy(payload, to: offset)
        offset += payloadCount
        if paddingCount > 0 {
            for index in offset..<(offset + paddingCount - 1) { buffer[index] = 0 }
            buffer[offset + paddingCount - 1] = UInt8(paddingCount)
            offset += paddingCount
        }
        return offset
    }
}

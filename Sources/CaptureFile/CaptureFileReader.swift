/// Reads pcap and pcapng captures incrementally: feed the file's bytes in chunks of any size
/// with ``append(_:)``, take frames with ``next()`` until it returns nil, then feed more, and
/// call ``finish()`` at the end of the file. Memory is one chunk plus a record cut by its end,
/// whatever the file's size; frames are slices of the chunk they came in (no copy).
///
/// - pcap (libpcap's format): both byte orders, microsecond and nanosecond magic numbers, the
///   file's link type.
/// - pcapng: every section (each with its own byte order), Interface Description Blocks with
///   their link type, `if_tsresol` and `if_tsoffset`; Enhanced, Simple and obsolete Packet
///   Blocks. Other blocks are skipped.
///
/// A damaged file is read as far as it can be: a record cut by the end of the file, or whose
/// length is impossible, ends the reading with a ``CaptureWarning`` and the frames before it.
public struct CaptureFileReader: Sendable {
    /// The capture formats.
    public enum Format: Sendable, Hashable {
        /// libpcap's classic format.
        case pcap
        /// The pcapng format (IETF draft-ietf-opsawg-pcapng).
        case pcapng
    }

    /// A pcapng interface: its link type and how its timestamps count.
    private struct Interface: Sendable {
        var linkType: CaptureLinkType
        /// Timestamp units per second: a power of ten (`decimal`) or of two.
        var resolution: UInt8 = 6
        var decimal = true
        var offsetSeconds: Int64 = 0
    }

    /// Frames larger than this are taken as damage (pcap's own limit is 256 KiB; pcapng
    /// writers stay far below this).
    public static let maximumRecordLength = 16 << 20

    private var buffer: [UInt8] = []
    private var position = 0
    /// The file offset of `buffer[0]`.
    private var base = 0
    private var ended = false
    /// Reading ended for good (damage, or the end after ``finish()``).
    private var stopped = false
    private var bigEndian = false
    private var nanoseconds = false
    private var pcapLinkType = CaptureLinkType.ethernet
    private var interfaces: [Interface] = []
    private var frames = 0

    /// The format, once the header was read.
    public private(set) var format: Format?
    /// What was wrong in the file so far.
    public private(set) var warnings: [CaptureWarning] = []

    /// A reader waiting for bytes; `bridgeLength` is how much of a new array chunk is borrowed to
    /// complete a record cut by the previous chunk (smaller values exercise the bridge in tests).
    public init(bridgeLength: Int = 1 << 16) {
        self.bridgeLength = max(1, bridgeLength)
    }

    /// The bytes read so far that made frames or headers (the file offset reached).
    public var offset: Int { base + position }

    /// The next bytes of the file, as an array, read without copying it: the record cut by the
    /// previous chunk's end is completed in a small bridge (its start and the head of `bytes`),
    /// then reading goes on in `bytes` itself. A record longer than the bridge falls back to
    /// joining the two chunks.
    public mutating func append(_ bytes: [UInt8]) {
        completeBridge()
        if position >= buffer.count {
            base += position
            buffer = bytes
            position = 0
        } else if bytes.count > bridgeLength * 2 {
            let tail = buffer[position...]
            base += position
            bridgeSplit = tail.count
            var bridge = [UInt8]()
            bridge.reserveCapacity(tail.count + bridgeLength)
            bridge.append(contentsOf: tail)
            bridge.append(contentsOf: bytes[..<bridgeLength])
            buffer = bridge
            position = 0
            pending = bytes
        } else {
            append(bytes[...])
        }
    }

    /// How much of a new chunk a bridge borrows (a cut record longer than this is joined instead).
    private let bridgeLength: Int

    /// The chunk waiting behind a bridge, and where in the bridge it starts.
    private var pending: [UInt8]?
    private var bridgeSplit = 0

    /// Leaves the bridge once reading has passed into the pending chunk's own bytes (or joins
    /// the two when a record is longer than the bridge).
    private mutating func leaveBridge(needMore: Bool) {
        guard let chunk = pending else { return }
        if position >= bridgeSplit {
            pending = nil
            base += bridgeSplit
            position -= bridgeSplit
            buffer = chunk
        } else if needMore {
            // The cut record is longer than the bridge: join the rest of the bridge's first part
            // with the whole chunk.
            pending = nil
            var joined = [UInt8]()
            joined.reserveCapacity(bridgeSplit - position + chunk.count)
            joined.append(contentsOf: buffer[position..<bridgeSplit])
            joined.append(contentsOf: chunk)
            base += position
            buffer = joined
            position = 0
        }
    }

    /// Before new bytes: nothing may still wait behind a bridge (leaving it always clears it).
    private mutating func completeBridge() {
        leaveBridge(needMore: true)
    }

    /// The next bytes of the file.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        completeBridge()
        if position >= buffer.count {
            buffer = Array(bytes)
        } else {
            // A new array, never a mutation: frames handed out keep the storage they slice.
            var joined = [UInt8]()
            joined.reserveCapacity(buffer.count - position + bytes.count)
            joined.append(contentsOf: buffer[position...])
            joined.append(contentsOf: bytes)
            buffer = joined
        }
        base += position
        position = 0
    }

    /// No more bytes will come: ``next()`` returns the frames still buffered, then nil; a
    /// record cut short by the end becomes a warning.
    public mutating func finish() {
        ended = true
    }

    /// The next frame; nil when more bytes are needed (or, after ``finish()``, at the end).
    /// Throws only when the start of the file is not a capture.
    public mutating func next() throws(CaptureFileError) -> CaptureFrame? {
        while !stopped {
            let outcome: Outcome
            if format == nil {
                outcome = try readFileHeader() ? .skipped : .needMore
            } else if format == .pcap {
                outcome = readPCAPRecord()
            } else {
                outcome = readBlock()
            }
            switch outcome {
            case .frame(let frame):
                leaveBridge(needMore: false)
                return frame
            case .skipped:
                leaveBridge(needMore: false)
                continue
            case .needMore:
                if pending != nil {
                    leaveBridge(needMore: true)
                    continue
                }
                if ended {
                    if available > 0 { warn("the file ends inside a record (\(available) bytes left)") }
                    stopped = true
                }
                return nil
            }
        }
        return nil
    }

    /// What one read step did.
    private enum Outcome {
        case needMore
        case skipped
        case frame(CaptureFrame)
    }

    // MARK: Bytes

    private var available: Int { buffer.count - position }

    private func u16(_ index: Int, big: Bool) -> UInt16 {
        let a = UInt16(buffer[index]), b = UInt16(buffer[index + 1])
        return big ? a << 8 | b : b << 8 | a
    }

    private func u32(_ index: Int, big: Bool) -> UInt32 {
        let a = UInt32(buffer[index]), b = UInt32(buffer[index + 1]), c = UInt32(buffer[index + 2]), d = UInt32(buffer[index + 3])
        return big ? a << 24 | b << 16 | c << 8 | d : d << 24 | c << 16 | b << 8 | a
    }

    private mutating func warn(_ message: String, frame: Int? = nil) {
        warnings.append(CaptureWarning(offset: offset, frame: frame, message: message))
    }

    // MARK: Headers

    /// Reads the pcap file header or the first pcapng Section Header Block; false when more
    /// bytes are needed.
    private mutating func readFileHeader() throws(CaptureFileError) -> Bool {
        guard available >= 4 else {
            if ended { throw CaptureFileError.truncatedHeader }
            return false
        }
        let magic = u32(position, big: true)
        switch magic {
        case 0xA1B2_C3D4, 0xA1B2_3C4D, 0xD4C3_B2A1, 0x4D3C_B2A1:
            guard available >= 24 else {
                if ended { throw CaptureFileError.truncatedHeader }
                return false
            }
            bigEndian = magic == 0xA1B2_C3D4 || magic == 0xA1B2_3C4D
            nanoseconds = magic == 0xA1B2_3C4D || magic == 0x4D3C_B2A1
            let major = u16(position + 4, big: bigEndian), minor = u16(position + 6, big: bigEndian)
            guard major == 2 else { throw CaptureFileError.unsupportedVersion(major: major, minor: minor) }
            // The upper bits of the link type field carry FCS information.
            pcapLinkType = CaptureLinkType(linkType: u32(position + 20, big: bigEndian) & 0x0FFF_FFFF)
            position += 24
            format = .pcap
            return true
        case 0x0A0D_0D0A:
            guard available >= 12 else {
                if ended { throw CaptureFileError.truncatedHeader }
                return false
            }
            format = .pcapng
            return true
        default:
            throw CaptureFileError.unknownFormat(magic: magic)
        }
    }

    // MARK: pcap

    private mutating func readPCAPRecord() -> Outcome {
        guard available >= 16 else { return .needMore }
        let seconds = Int64(u32(position, big: bigEndian))
        let fraction = Int64(u32(position + 4, big: bigEndian))
        let captured = Int(u32(position + 8, big: bigEndian))
        let original = Int(u32(position + 12, big: bigEndian))
        guard captured <= Self.maximumRecordLength else {
            warn("a record claims \(captured) captured bytes; the rest of the file is unreadable", frame: frames + 1)
            stopped = true
            return .skipped
        }
        guard available >= 16 + captured else { return .needMore }
        frames += 1
        let start = position + 16
        position = start + captured
        return .frame(CaptureFrame(number: frames, timestamp: seconds * 1_000_000_000 + (nanoseconds ? fraction : fraction * 1000),
                                   linkType: pcapLinkType, bytes: buffer[start..<(start + captured)],
                                   originalLength: max(original, captured)))
    }

    // MARK: pcapng

    /// Reads one block.
    private mutating func readBlock() -> Outcome {
        guard available >= 12 else { return .needMore }
        let rawType = u32(position, big: bigEndian)
        if rawType == 0x0A0D_0D0A {
            // A Section Header Block sets the byte order of its section.
            let orderMagic = u32(position + 8, big: true)
            switch orderMagic {
            case 0x1A2B_3C4D: bigEndian = true
            case 0x4D3C_2B1A: bigEndian = false
            default:
                warn("a section header with byte-order magic 0x\(String(orderMagic, radix: 16))")
                stopped = true
                return .skipped
            }
        }
        let type = u32(position, big: bigEndian)
        let length = Int(u32(position + 4, big: bigEndian))
        guard length >= 12, length % 4 == 0, length <= Self.maximumRecordLength else {
            warn("a block of type 0x\(String(type, radix: 16)) claims \(length) bytes; the rest of the file is unreadable")
            stopped = true
            return .skipped
        }
        guard available >= length else { return .needMore }
        let body = position + 8
        let bodyEnd = position + length - 4
        defer { position += length }
        if Int(u32(bodyEnd, big: bigEndian)) != length {
            warn("a block's trailing length differs from its leading one")
        }
        switch type {
        case 0x0A0D_0D0A:
            interfaces = []
        case 1:
            guard bodyEnd - body >= 8 else {
                warn("an interface description block is too short")
                return .skipped
            }
            var interface = Interface(linkType: CaptureLinkType(linkType: UInt32(u16(body, big: bigEndian))))
            readInterfaceOptions(from: body + 8, to: bodyEnd, into: &interface)
            interfaces.append(interface)
        case 6:
            guard bodyEnd - body >= 20 else {
                warn("an enhanced packet block is too short", frame: frames + 1)
                return .skipped
            }
            let id = Int(u32(body, big: bigEndian))
            let units = UInt64(u32(body + 4, big: bigEndian)) << 32 | UInt64(u32(body + 8, big: bigEndian))
            let captured = Int(u32(body + 12, big: bigEndian))
            let original = Int(u32(body + 16, big: bigEndian))
            return packet(interface: id, units: units, start: body + 20, captured: captured, original: original, end: bodyEnd)
        case 3:
            guard bodyEnd - body >= 4 else { return .skipped }
            let original = Int(u32(body, big: bigEndian))
            let captured = min(original, bodyEnd - body - 4)
            return packet(interface: 0, units: nil, start: body + 4, captured: captured, original: original, end: bodyEnd)
        case 2:
            guard bodyEnd - body >= 20 else { return .skipped }
            let id = Int(u16(body, big: bigEndian))
            let units = UInt64(u32(body + 4, big: bigEndian)) << 32 | UInt64(u32(body + 8, big: bigEndian))
            let captured = Int(u32(body + 12, big: bigEndian))
            let original = Int(u32(body + 16, big: bigEndian))
            return packet(interface: id, units: units, start: body + 20, captured: captured, original: original, end: bodyEnd)
        default:
            break
        }
        return .skipped
    }

    private mutating func packet(interface id: Int, units: UInt64?, start: Int, captured: Int, original: Int,
                                 end: Int) -> Outcome {
        frames += 1
        guard id < interfaces.count else {
            warn("a packet names interface \(id), which was not described", frame: frames)
            return .skipped
        }
        guard captured >= 0, start + captured <= end else {
            warn("a packet's captured length \(captured) runs past its block", frame: frames)
            return .skipped
        }
        let interface = interfaces[id]
        let timestamp = units.map { Self.nanoseconds($0, interface) } ?? 0
        return .frame(CaptureFrame(number: frames, timestamp: timestamp, linkType: interface.linkType,
                                   bytes: buffer[start..<(start + captured)], originalLength: max(original, captured)))
    }

    private func readInterfaceOptions(from start: Int, to end: Int, into interface: inout Interface) {
        var index = start
        while index + 4 <= end {
            let code = u16(index, big: bigEndian)
            let length = Int(u16(index + 2, big: bigEndian))
            let value = index + 4
            guard code != 0, value + length <= end else { return }
            if code == 9, length >= 1 {
                interface.decimal = buffer[value] & 0x80 == 0
                interface.resolution = buffer[value] & 0x7F
            } else if code == 14, length >= 8 {
                let high = UInt64(u32(value, big: bigEndian)), low = UInt64(u32(value + 4, big: bigEndian))
                interface.offsetSeconds = Int64(bitPattern: bigEndian ? high << 32 | low : low << 32 | high)
            }
            index = value + (length + 3) / 4 * 4
        }
    }

    /// Timestamp units of `interface` as nanoseconds since the epoch.
    private static func nanoseconds(_ units: UInt64, _ interface: Interface) -> Int64 {
        let value: UInt64
        if interface.decimal {
            let exponent = Int(interface.resolution)
            if exponent <= 9 {
                var scale: UInt64 = 1
                for _ in 0..<(9 - exponent) { scale &*= 10 }
                value = units &* scale
            } else {
                var scale: UInt64 = 1
                for _ in 0..<min(exponent - 9, 19) { scale &*= 10 }
                value = units / scale
            }
        } else {
            let shift = UInt64(min(interface.resolution, 63))
            value = (units >> shift) &* 1_000_000_000 &+ ((units & ((1 << shift) &- 1)) &* 1_000_000_000) >> shift
        }
        return Int64(bitPattern: value) &+ interface.offsetSeconds &* 1_000_000_000
    }
}

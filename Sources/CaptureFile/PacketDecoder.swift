/// What a frame carried at the transport layer.
public enum CapturePacket: Sendable {
    /// A UDP datagram (after IP reassembly).
    case udp(UDPDatagram)
    /// A TCP segment (its payload may be empty: SYN, FIN, bare ACK).
    case tcp(TCPSegment)
}

/// A UDP datagram from a capture.
public struct UDPDatagram: Sendable {
    /// The frame that completed it (the last fragment when it was fragmented).
    public var frame: Int
    /// When, in nanoseconds since the epoch.
    public var timestamp: Int64
    /// Who sent it.
    public var source: CaptureEndpoint
    /// To whom.
    public var destination: CaptureEndpoint
    /// The payload (cut short when the snap length cut the frame).
    public var payload: ArraySlice<UInt8>

    /// A datagram.
    public init(frame: Int, timestamp: Int64, source: CaptureEndpoint, destination: CaptureEndpoint, payload: ArraySlice<UInt8>) {
        self.frame = frame
        self.timestamp = timestamp
        self.source = source
        self.destination = destination
        self.payload = payload
    }
}

/// A TCP segment from a capture.
public struct TCPSegment: Sendable {
    /// The frame it came in.
    public var frame: Int
    /// When, in nanoseconds since the epoch.
    public var timestamp: Int64
    /// Who sent it.
    public var source: CaptureEndpoint
    /// To whom.
    public var destination: CaptureEndpoint
    /// The sequence number of the first payload byte (of the SYN itself when SYN is set).
    public var sequence: UInt32
    /// The acknowledgment number (meaningful with ACK).
    public var acknowledgment: UInt32
    /// The flags byte: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10.
    public var flags: UInt8
    /// The payload.
    public var payload: ArraySlice<UInt8>

    /// A segment.
    public init(frame: Int, timestamp: Int64, source: CaptureEndpoint, destination: CaptureEndpoint, sequence: UInt32,
                acknowledgment: UInt32, flags: UInt8, payload: ArraySlice<UInt8>) {
        self.frame = frame
        self.timestamp = timestamp
        self.source = source
        self.destination = destination
        self.sequence = sequence
        self.acknowledgment = acknowledgment
        self.flags = flags
        self.payload = payload
    }

    /// SYN is set.
    public var isSYN: Bool { flags & 0x02 != 0 }
    /// FIN is set.
    public var isFIN: Bool { flags & 0x01 != 0 }
    /// RST is set.
    public var isRST: Bool { flags & 0x04 != 0 }
}

/// Decodes frames down to UDP datagrams and TCP segments: the link layer (Ethernet with
/// 802.1Q/802.1ad tags, Linux cooked v1 and v2, raw IP, BSD loopback), IPv4 (RFC 791) and IPv6
/// (RFC 8200, extension headers skipped) with fragment reassembly, UDP and TCP headers.
///
/// Fragments are kept per datagram until the last piece arrives; the oldest incomplete
/// datagram is dropped (with a warning) past ``maximumPendingDatagrams``, so memory stays
/// bounded. Overlapping fragments keep the bytes that came first.
public struct PacketDecoder: Sendable {
    /// Incomplete fragmented datagrams kept at most.
    public static let maximumPendingDatagrams = 1024

    private struct FragmentKey: Hashable {
        var source: CaptureIPAddress
        var destination: CaptureIPAddress
        var identification: UInt32
        var proto: UInt8
    }

    private struct Pending {
        var pieces: [(offset: Int, bytes: ArraySlice<UInt8>)] = []
        var totalLength: Int?
        var order: Int
    }

    private var pending: [FragmentKey: Pending] = [:]
    private var arrivals = 0

    /// Frames that were not IP, UDP or TCP, by reason (for the summary).
    public private(set) var skipped: [String: Int] = [:]
    /// What was wrong in the frames decoded so far.
    public private(set) var warnings: [CaptureWarning] = []

    /// A decoder.
    public init() {}

    /// The UDP datagram or TCP segment `frame` carried; nil for other traffic, a damaged frame
    /// (counted or warned), or a fragment still waiting for the rest of its datagram.
    public mutating func decode(_ frame: CaptureFrame) -> CapturePacket? {
        let bytes = frame.bytes
        guard let network = Self.network(bytes, frame.linkType) else {
            skipped[Self.skipReason(frame.linkType), default: 0] += 1
            return nil
        }
        switch network.version {
        case 4: return ipv4(network.start, bytes, frame)
        case 6: return ipv6(network.start, bytes, frame)
        default:
            skipped["not IP", default: 0] += 1
            return nil
        }
    }

    private static func skipReason(_ link: CaptureLinkType) -> String {
        if case .other = link { return "\(link)" }
        return "not IP"
    }

    // MARK: Link layer

    private static func u16(_ bytes: ArraySlice<UInt8>, _ index: Int) -> Int {
        Int(bytes[index]) << 8 | Int(bytes[index + 1])
    }

    private static func u32(_ bytes: ArraySlice<UInt8>, _ index: Int) -> UInt32 {
        UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
    }

    /// Where the IP header starts, and its version (from the link layer's protocol field).
    private static func network(_ bytes: ArraySlice<UInt8>, _ link: CaptureLinkType) -> (start: Int, version: Int)? {
        let start = bytes.startIndex
        func fromEtherType(_ type: Int, at index: Int) -> (Int, Int)? {
            switch type {
            case 0x0800: return (index, 4)
            case 0x86DD: return (index, 6)
            default: return nil
            }
        }
        switch link {
        case .ethernet:
            var index = start + 12
            guard bytes.endIndex >= index + 2 else { return nil }
            var type = u16(bytes, index)
            // 802.1Q and 802.1ad tags, possibly stacked.
            while type == 0x8100 || type == 0x88A8 || type == 0x9100 {
                index += 4
                guard bytes.endIndex >= index + 2 else { return nil }
                type = u16(bytes, index)
            }
            return fromEtherType(type, at: index + 2)
        case .linuxCooked:
            guard bytes.count >= 16 else { return nil }
            return fromEtherType(u16(bytes, start + 14), at: start + 16)
        case .linuxCooked2:
            guard bytes.count >= 20 else { return nil }
            return fromEtherType(u16(bytes, start), at: start + 20)
        case .rawIP:
            guard let first = bytes.first else { return nil }
            return (start, Int(first >> 4))
        case .ipv4:
            return (start, 4)
        case .ipv6:
            return (start, 6)
        case .bsdLoopback(let networkOrder):
            guard bytes.count >= 4 else { return nil }
            var family = u32(bytes, start)
            if !networkOrder, family > 0xFFFF { family = family.byteSwapped }
            switch family {
            case 2: return (start + 4, 4)
            // AF_INET6 differs between systems: 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux).
            case 10, 24, 28, 30: return (start + 4, 6)
            default: return nil
            }
        case .other:
            return nil
        }
    }

    // MARK: IP

    private mutating func ipv4(_ start: Int, _ bytes: ArraySlice<UInt8>, _ frame: CaptureFrame) -> CapturePacket? {
        guard bytes.endIndex >= start + 20, bytes[start] >> 4 == 4 else { return damaged(frame, "an IPv4 header is cut short") }
        let headerLength = Int(bytes[start] & 0x0F) * 4
        let totalLength = Self.u16(bytes, start + 2)
        guard headerLength >= 20, totalLength >= headerLength else { return damaged(frame, "an IPv4 header's lengths are impossible") }
        let end = min(bytes.endIndex, start + totalLength)
        guard end >= start + headerLength else { return damaged(frame, "an IPv4 header is cut short") }
        let flagsAndOffset = Self.u16(bytes, start + 6)
        let proto = bytes[start + 9]
        let source = CaptureIPAddress.v4(Self.u32(bytes, start + 12))
        let destination = CaptureIPAddress.v4(Self.u32(bytes, start + 16))
        var payload = bytes[(start + headerLength)..<end]
        let moreFragments = flagsAndOffset & 0x2000 != 0
        let fragmentOffset = (flagsAndOffset & 0x1FFF) * 8
        if moreFragments || fragmentOffset > 0 {
            let key = FragmentKey(source: source, destination: destination,
                                  identification: UInt32(Self.u16(bytes, start + 4)), proto: proto)
            guard let whole = reassemble(key, offset: fragmentOffset, bytes: payload, last: !moreFragments, frame: frame) else {
                return nil
            }
            payload = whole
        }
        return transport(proto, source: source, destination: destination, payload: payload, frame: frame)
    }

    private mutating func ipv6(_ start: Int, _ bytes: ArraySlice<UInt8>, _ frame: CaptureFrame) -> CapturePacket? {
        guard bytes.endIndex >= start + 40, bytes[start] >> 4 == 6 else { return damaged(frame, "an IPv6 header is cut short") }
        let payloadLength = Self.u16(bytes, start + 4)
        var next = bytes[start + 6]
        func address(_ at: Int) -> CaptureIPAddress {
            .v6(UInt64(Self.u32(bytes, at)) << 32 | UInt64(Self.u32(bytes, at + 4)),
                UInt64(Self.u32(bytes, at + 8)) << 32 | UInt64(Self.u32(bytes, at + 12)))
        }
        let source = address(start + 8), destination = address(start + 24)
        let end = min(bytes.endIndex, start + 40 + payloadLength)
        var index = start + 40
        var fragment: (offset: Int, more: Bool, identification: UInt32)?
        // Extension headers: hop-by-hop 0, routing 43, fragment 44, destination options 60.
        while [0, 43, 44, 60].contains(next) {
            guard index + 8 <= end else { return damaged(frame, "an IPv6 extension header is cut short") }
            if next == 44 {
                let field = Self.u16(bytes, index + 2)
                fragment = ((field >> 3) * 8, field & 1 != 0, Self.u32(bytes, index + 4))
                next = bytes[index]
                index += 8
            } else {
                let length = (Int(bytes[index + 1]) + 1) * 8
                next = bytes[index]
                index += length
            }
        }
        guard index <= end else { return damaged(frame, "an IPv6 extension header is cut short") }
        var payload = bytes[index..<end]
        if let fragment {
            let key = FragmentKey(source: source, destination: destination, identification: fragment.identification, proto: next)
            guard let whole = reassemble(key, offset: fragment.offset, bytes: payload, last: !fragment.more, frame: frame) else {
                return nil
            }
            payload = whole
        }
        return transport(next, source: source, destination: destination, payload: payload, frame: frame)
    }

    /// Adds a fragment; the whole payload once every byte from 0 to the end has come.
    private mutating func reassemble(_ key: FragmentKey, offset: Int, bytes: ArraySlice<UInt8>, last: Bool,
                                     frame: CaptureFrame) -> ArraySlice<UInt8>? {
        arrivals += 1
        var entry = pending[key] ?? Pending(order: arrivals)
        entry.pieces.append((offset, bytes))
        if last { entry.totalLength = offset + bytes.count }
        guard let total = entry.totalLength else {
            store(key, entry, frame)
            return nil
        }
        // Covered from 0 to total? Pieces sorted by offset; the first piece at an offset wins.
        let sorted = entry.pieces.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
        var covered = 0
        for (_, piece) in sorted where piece.offset <= covered {
            covered = max(covered, piece.offset + piece.bytes.count)
        }
        guard covered >= total else {
            store(key, entry, frame)
            return nil
        }
        pending[key] = nil
        var whole = [UInt8](repeating: 0, count: total)
        var filled = [Bool](repeating: false, count: total)
        for piece in entry.pieces {
            for (index, byte) in piece.bytes.enumerated() where piece.offset + index < total && !filled[piece.offset + index] {
                whole[piece.offset + index] = byte
                filled[piece.offset + index] = true
            }
        }
        return whole[...]
    }

    private mutating func store(_ key: FragmentKey, _ entry: Pending, _ frame: CaptureFrame) {
        pending[key] = entry
        if pending.count > Self.maximumPendingDatagrams, let oldest = pending.min(by: { $0.value.order < $1.value.order }) {
            pending[oldest.key] = nil
            warnings.append(CaptureWarning(offset: 0, frame: frame.number,
                                           message: "an incomplete fragmented datagram from \(oldest.key.source) was dropped"))
        }
    }

    /// The fragmented datagrams still waiting for pieces (reported at the end of a file).
    public var incompleteDatagrams: Int { pending.count }

    // MARK: Transport

    private mutating func transport(_ proto: UInt8, source: CaptureIPAddress, destination: CaptureIPAddress,
                                    payload: ArraySlice<UInt8>, frame: CaptureFrame) -> CapturePacket? {
        let start = payload.startIndex
        switch proto {
        case 17:
            guard payload.count >= 8 else { return damaged(frame, "a UDP header is cut short") }
            let length = Self.u16(payload, start + 4)
            let end = length >= 8 ? min(payload.endIndex, start + length) : payload.endIndex
            return .udp(UDPDatagram(frame: frame.number, timestamp: frame.timestamp,
                                    source: CaptureEndpoint(address: source, port: UInt16(Self.u16(payload, start))),
                                    destination: CaptureEndpoint(address: destination, port: UInt16(Self.u16(payload, start + 2))),
                                    payload: payload[(start + 8)..<end]))
        case 6:
            guard payload.count >= 20 else { return damaged(frame, "a TCP header is cut short") }
            let headerLength = Int(payload[start + 12] >> 4) * 4
            guard headerLength >= 20, payload.count >= headerLength else { return damaged(frame, "a TCP header is cut short") }
            return .tcp(TCPSegment(frame: frame.number, timestamp: frame.timestamp,
                                   source: CaptureEndpoint(address: source, port: UInt16(Self.u16(payload, start))),
                                   destination: CaptureEndpoint(address: destination, port: UInt16(Self.u16(payload, start + 2))),
                                   sequence: Self.u32(payload, start + 4), acknowledgment: Self.u32(payload, start + 8),
                                   flags: payload[start + 13], payload: payload[(start + headerLength)...]))
        default:
            skipped["IP protocol \(proto)", default: 0] += 1
            return nil
        }
    }

    private mutating func damaged(_ frame: CaptureFrame, _ message: String) -> CapturePacket? {
        if frame.isTruncated {
            skipped["cut by the snap length", default: 0] += 1
        } else {
            warnings.append(CaptureWarning(offset: 0, frame: frame.number, message: message))
        }
        return nil
    }
}

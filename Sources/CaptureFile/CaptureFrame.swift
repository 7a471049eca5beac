/// The link layer a capture's frames start with (pcap LINKTYPE / DLT values).
public enum CaptureLinkType: Sendable, Hashable, CustomStringConvertible {
    /// IEEE 802.3 Ethernet (LINKTYPE_ETHERNET 1), with 802.1Q/802.1ad tags.
    case ethernet
    /// Linux cooked capture v1 (LINKTYPE_LINUX_SLL 113): `-i any` on older libpcap.
    case linuxCooked
    /// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2 276).
    case linuxCooked2
    /// Raw IP, version from the first nibble (LINKTYPE_RAW 101, DLT_RAW 12 and 14).
    case rawIP
    /// Raw IPv4 (LINKTYPE_IPV4 228).
    case ipv4
    /// Raw IPv6 (LINKTYPE_IPV6 229).
    case ipv6
    /// BSD loopback: a 4-byte address family in the capturing host's order (LINKTYPE_NULL 0),
    /// or in network order (LINKTYPE_LOOP 108).
    case bsdLoopback(networkOrder: Bool)
    /// A link type this reader does not decode.
    case other(UInt32)

    /// The link type for a pcap LINKTYPE value.
    public init(linkType value: UInt32) {
        switch value {
        case 1: self = .ethernet
        case 113: self = .linuxCooked
        case 276: self = .linuxCooked2
        case 101, 12, 14: self = .rawIP
        case 228: self = .ipv4
        case 229: self = .ipv6
        case 0: self = .bsdLoopback(networkOrder: false)
        case 108: self = .bsdLoopback(networkOrder: true)
        default: self = .other(value)
        }
    }

    public var description: String {
        switch self {
        case .ethernet: "Ethernet"
        case .linuxCooked: "Linux cooked (SLL)"
        case .linuxCooked2: "Linux cooked v2 (SLL2)"
        case .rawIP: "raw IP"
        case .ipv4: "raw IPv4"
        case .ipv6: "raw IPv6"
        case .bsdLoopback: "BSD loopback"
        case .other(let value): "link type \(value)"
        }
    }
}

/// One frame of a capture, as stored: when, on which link, and the bytes captured.
public struct CaptureFrame: Sendable {
    /// The frame's number in the file, from 1 (as Wireshark numbers them).
    public var number: Int
    /// Capture time in nanoseconds since the Unix epoch.
    public var timestamp: Int64
    /// The link layer the bytes start with.
    public var linkType: CaptureLinkType
    /// The captured bytes (possibly fewer than ``originalLength`` when the snap length cut them).
    public var bytes: ArraySlice<UInt8>
    /// The frame's length on the wire.
    public var originalLength: Int

    /// A frame.
    public init(number: Int, timestamp: Int64, linkType: CaptureLinkType, bytes: ArraySlice<UInt8>, originalLength: Int) {
        self.number = number
        self.timestamp = timestamp
        self.linkType = linkType
        self.bytes = bytes
        self.originalLength = originalLength
    }

    /// Whether the snap length cut the frame.
    public var isTruncated: Bool { bytes.count < originalLength }
}

/// Something wrong in a capture that did not stop the reading (or stopped it at the end of
/// what could be read): where, and what.
public struct CaptureWarning: Sendable, Hashable, CustomStringConvertible {
    /// The byte offset in the file.
    public var offset: Int
    /// The frame number concerned, when there is one.
    public var frame: Int?
    /// What is wrong.
    public var message: String

    /// A warning.
    public init(offset: Int, frame: Int? = nil, message: String) {
        self.offset = offset
        self.frame = frame
        self.message = message
    }

    /// `frame N: message`, or `message (offset N)` for a problem in the file's structure.
    public var description: String {
        frame.map { "frame \($0): \(message)" } ?? "\(message) (offset \(offset))"
    }
}

/// Why bytes are not a capture file at all.
public enum CaptureFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The first four bytes are neither a pcap magic number nor a pcapng Section Header Block.
    case unknownFormat(magic: UInt32)
    /// The pcap file header is shorter than 24 bytes, or the pcapng section header is cut.
    case truncatedHeader
    /// A pcap version this reader does not know.
    case unsupportedVersion(major: UInt16, minor: UInt16)

    public var description: String {
        switch self {
        case .unknownFormat(let magic): "not a pcap or pcapng file (magic 0x\(String(magic, radix: 16)))"
        case .truncatedHeader: "the file header is cut short"
        case let .unsupportedVersion(major, minor): "pcap version \(major).\(minor) is not supported"
        }
    }
}

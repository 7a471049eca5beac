import CaptureFile

/// Builds link, IP, UDP and TCP headers for test captures (checksums left 0: the decoder does
/// not check them, as capture tools do not by default).
enum FrameBuilder {
    static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    static func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    static func ethernet(_ payload: [UInt8], type: Int = 0x0800, vlan: Int? = nil) -> [UInt8] {
        var frame = [UInt8](repeating: 0x02, count: 12)
        if let vlan { frame += be16(0x8100) + be16(vlan) }
        return frame + be16(type) + payload
    }

    static func udp(_ payload: [UInt8], from source: UInt16, to destination: UInt16) -> [UInt8] {
        be16(Int(source)) + be16(Int(destination)) + be16(8 + payload.count) + [0, 0] + payload
    }

    static func tcp(_ payload: [UInt8], from source: UInt16, to destination: UInt16, sequence: UInt32, flags: UInt8 = 0x18) -> [UInt8] {
        be16(Int(source)) + be16(Int(destination)) + be32(sequence) + be32(0) + [0x50, flags] + be16(65_535) + [0, 0, 0, 0] + payload
    }

    /// An IPv4 packet 127.0.0.1 → 127.0.0.2 (or the given addresses) carrying `payload`.
    static func ipv4(_ payload: [UInt8], proto: UInt8 = 17, source: UInt32 = 0x7F00_0001, destination: UInt32 = 0x7F00_0002,
                     identification: Int = 1, fragmentOffset: Int = 0, moreFragments: Bool = false) -> [UInt8] {
        let flags = (moreFragments ? 0x2000 : 0) | (fragmentOffset / 8)
        return [0x45, 0] + be16(20 + payload.count) + be16(identification) + be16(flags) + [64, proto, 0, 0]
            + be32(source) + be32(destination) + payload
    }

    /// An IPv6 packet ::1 → ::2 carrying `payload`, optionally in a fragment header.
    static func ipv6(_ payload: [UInt8], proto: UInt8 = 17,
                     fragment: (offset: Int, more: Bool, identification: UInt32)? = nil) -> [UInt8] {
        var body = payload
        var next = proto
        if let fragment {
            body = [proto, 0] + be16(fragment.offset | (fragment.more ? 1 : 0)) + be32(fragment.identification) + payload
            next = 44
        }
        let source = [UInt8](repeating: 0, count: 15) + [1], destination = [UInt8](repeating: 0, count: 15) + [2]
        return [0x60, 0, 0, 0] + be16(body.count) + [next, 64] + source + destination + body
    }
}

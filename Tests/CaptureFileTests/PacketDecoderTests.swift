import CaptureFile
import Testing

/// Link layers down to UDP and TCP, with IPv4 and IPv6 fragments put back together.
@Suite struct PacketDecoderTests {
    typealias B = FrameBuilder

    static func frame(_ bytes: [UInt8], _ link: CaptureLinkType, number: Int = 1, original: Int? = nil) -> CaptureFrame {
        CaptureFrame(number: number, timestamp: 5, linkType: link, bytes: bytes[...], originalLength: original ?? bytes.count)
    }

    static func udp(_ packet: CapturePacket?) -> UDPDatagram? {
        if case .udp(let datagram)? = packet { return datagram }
        return nil
    }

    @Test("the same UDP datagram through Ethernet, 802.1Q, SLL, SLL2, raw IP, IPv4 and BSD loopback (both orders)")
    func linkLayers() {
        let ip = B.ipv4(B.udp(Array("INVITE".utf8), from: 5060, to: 5062))
        let sll: [UInt8] = [0, 0, 0, 1, 0, 6] + [UInt8](repeating: 0, count: 8) + B.be16(0x0800)
        let sll2: [UInt8] = B.be16(0x0800) + [0, 0] + [0, 0, 0, 1] + [0, 1, 0, 6] + [UInt8](repeating: 0, count: 8)
        let frames: [(CaptureLinkType, [UInt8])] = [
            (.ethernet, B.ethernet(ip)), (.ethernet, B.ethernet(ip, vlan: 42)), (.linuxCooked, sll + ip),
            (.linuxCooked2, sll2 + ip), (.rawIP, ip), (.ipv4, ip),
            (.bsdLoopback(networkOrder: false), [2, 0, 0, 0] + ip), (.bsdLoopback(networkOrder: true), [0, 0, 0, 2] + ip),
        ]
        for (link, bytes) in frames {
            var decoder = PacketDecoder()
            let datagram = Self.udp(decoder.decode(Self.frame(bytes, link)))
            #expect(datagram?.source.description == "127.0.0.1:5060", "\(link)")
            #expect(datagram?.destination.description == "127.0.0.2:5062", "\(link)")
            #expect(datagram.map { Array($0.payload) } == Array("INVITE".utf8), "\(link)")
        }
    }

    @Test("IPv4 fragments in any order, with an overlap (first bytes win), become one datagram at the last piece")
    func ipv4Fragments() {
        let payload = B.udp((0..<40).map { UInt8($0) }, from: 1, to: 2)   // 48 bytes
        var decoder = PacketDecoder()
        let pieces = [(16, Array(payload[16..<32]), true), (0, Array(payload[0..<24]), true), (32, Array(payload[32...]), false)]
        var results: [UDPDatagram?] = []
        for (number, (offset, bytes, more)) in pieces.enumerated() {
            let frame = Self.frame(B.ethernet(B.ipv4(bytes, identification: 7, fragmentOffset: offset, moreFragments: more)),
                                   .ethernet, number: number + 1)
            results.append(Self.udp(decoder.decode(frame)))
        }
        #expect(results[0] == nil && results[1] == nil)
        #expect(results[2].map { Array($0.payload) } == (0..<40).map { UInt8($0) })
        #expect(results[2]?.frame == 3)
        #expect(decoder.incompleteDatagrams == 0)
    }

    @Test("IPv6 with a fragment header; ::1 is printed as RFC 5952 says")
    func ipv6Fragments() {
        let payload = B.udp(Array(repeating: 0xAA, count: 24), from: 5060, to: 5080)   // 32 bytes
        var decoder = PacketDecoder()
        let first = decoder.decode(Self.frame(B.ethernet(B.ipv6(Array(payload[0..<16]), fragment: (0, true, 99)), type: 0x86DD), .ethernet))
        #expect(first == nil)
        let whole = Self.udp(decoder.decode(Self.frame(B.ipv6(Array(payload[16...]), fragment: (16, false, 99)), .ipv6, number: 2)))
        #expect(whole?.source.description == "[::1]:5060" && whole?.destination.description == "[::2]:5080")
        #expect(whole?.payload.count == 24)
        #expect(CaptureIPAddress.v6(0x2001_0db8_0000_0000, 0x0000_0000_0000_0001).description == "2001:db8::1")
        #expect(CaptureIPAddress.v6(0x2001_0db8_0000_0001, 0x0000_0001_0000_0001).description == "2001:db8:0:1:0:1:0:1")
    }

    @Test("TCP: ports, sequence, flags, payload after options")
    func tcp() {
        var decoder = PacketDecoder()
        let segment = B.tcp(Array("REGISTER".utf8), from: 40_000, to: 5060, sequence: 1000, flags: 0x18)
        guard case .tcp(let tcp)? = decoder.decode(Self.frame(B.ethernet(B.ipv4(segment, proto: 6)), .ethernet)) else {
            Issue.record("no TCP segment")
            return
        }
        #expect(tcp.source.port == 40_000 && tcp.destination.port == 5060 && tcp.sequence == 1000)
        #expect(!tcp.isSYN && !tcp.isFIN && String(decoding: tcp.payload, as: UTF8.self) == "REGISTER")
    }

    @Test("damaged and foreign frames are counted or warned, never a crash: ARP, ICMP, cut headers, snap-length cuts, garbage")
    func damage() {
        var decoder = PacketDecoder()
        #expect(decoder.decode(Self.frame(B.ethernet([0, 1], type: 0x0806), .ethernet)) == nil)
        #expect(decoder.decode(Self.frame(B.ipv4([8, 0, 0, 0], proto: 1), .rawIP)) == nil)
        #expect(decoder.decode(Self.frame([0x45, 0, 0], .rawIP)) == nil)
        #expect(decoder.decode(Self.frame(Array(B.ipv4(B.udp([1, 2, 3], from: 1, to: 2)).prefix(24)), .rawIP, original: 31)) == nil)
        #expect(decoder.decode(Self.frame([0x99], .other(147))) == nil)
        #expect(decoder.skipped["not IP"] == 1 && decoder.skipped["IP protocol 1"] == 1)
        #expect(decoder.skipped["cut by the snap length"] == 1 && decoder.skipped["link type 147"] == 1)
        #expect(decoder.warnings.map(\.message) == ["an IPv4 header is cut short"])
        // Every prefix of a good frame, and every one-byte corruption, decodes or is refused.
        let good = B.ethernet(B.ipv4(B.udp(Array("BYE".utf8), from: 1, to: 2)))
        for length in 0...good.count { _ = decoder.decode(Self.frame(Array(good.prefix(length)), .ethernet)) }
        for index in good.indices {
            var bad = good
            bad[index] ^= 0xFF
            _ = decoder.decode(Self.frame(bad, .ethernet))
        }
    }
}

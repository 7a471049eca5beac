import CaptureFile
import Foundation
import Testing

/// pcap and pcapng read incrementally, with their timestamps and link types; damage becomes a
/// warning with the frames before it.
@Suite struct CaptureFileReaderTests {
    /// Every frame of `bytes`, fed in chunks of `chunk` bytes.
    static func frames(_ bytes: [UInt8], chunk: Int = .max) throws -> (frames: [CaptureFrame], warnings: [CaptureWarning]) {
        var reader = CaptureFileReader()
        var frames: [CaptureFrame] = []
        var index = 0
        repeat {
            let end = min(bytes.count, index + max(1, min(chunk, bytes.count)))
            reader.append(bytes[index..<end])
            index = end
            while let frame = try reader.next() { frames.append(frame) }
        } while index < bytes.count
        reader.finish()
        while let frame = try reader.next() { frames.append(frame) }
        return (frames, reader.warnings)
    }

    @Test("pcap, microseconds and nanoseconds, fed whole and a byte at a time: frames, numbers, times, link type")
    func pcap() throws {
        for nanoseconds in [false, true] {
            var writer = CaptureFileWriter(linkType: 113, nanoseconds: nanoseconds)
            writer.append(frame: [1, 2, 3], timestamp: 1_700_000_000_123_456_000)
            writer.append(frame: [4, 5], timestamp: 1_700_000_001_000_001_000, originalLength: 1500)
            for chunk in [Int.max, 1, 7] {
                let (frames, warnings) = try Self.frames(writer.bytes, chunk: chunk)
                #expect(warnings.isEmpty)
                #expect(frames.map(\.number) == [1, 2])
                #expect(frames.map(\.timestamp) == [1_700_000_000_123_456_000, 1_700_000_001_000_001_000])
                #expect(frames.map { Array($0.bytes) } == [[1, 2, 3], [4, 5]])
                #expect(frames[1].isTruncated && frames[1].originalLength == 1500)
                #expect(frames.allSatisfy { $0.linkType == .linuxCooked })
            }
        }
    }

    @Test("array chunks: records cut by a chunk's end are bridged without copying the chunk; a record longer than the bridge is joined")
    func arrayChunks() throws {
        var writer = CaptureFileWriter()
        var expected: [[UInt8]] = []
        for index in 0..<3000 {
            // Mostly small records, and every 500th one 100 kB (longer than the 64 kB bridge).
            let length = index % 500 == 250 ? 100_000 : 60 + index % 200
            let frame = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
            expected.append(frame)
            writer.append(frame: frame, timestamp: Int64(index) * 1000)
        }
        let bytes = writer.bytes
        for (chunk, bridge) in [(140_000, 1 << 16), (200_003, 1 << 16), (333_333, 1 << 16), (50_000, 100), (1000, 7)] {
            var reader = CaptureFileReader(bridgeLength: bridge)
            var frames: [CaptureFrame] = []
            var index = 0
            while index < bytes.count {
                reader.append(Array(bytes[index..<min(bytes.count, index + chunk)]))
                index += chunk
                while let frame = try reader.next() { frames.append(frame) }
            }
            reader.finish()
            while let frame = try reader.next() { frames.append(frame) }
            #expect(reader.warnings.isEmpty, "chunk \(chunk): \(reader.warnings)")
            #expect(frames.count == expected.count, "chunk \(chunk)")
            #expect(frames.map { Array($0.bytes) } == expected, "chunk \(chunk)")
            #expect(frames.map(\.number) == Array(1...expected.count))
            #expect(reader.offset == bytes.count)
        }
    }

    @Test("a big-endian pcap header is read in its byte order")
    func bigEndianPCAP() throws {
        let header: [UInt8] = [0xA1, 0xB2, 0xC3, 0xD4, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 101]
        let record: [UInt8] = [0, 0, 0, 10, 0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 2, 0xAB, 0xCD]
        let (frames, _) = try Self.frames(header + record)
        #expect(frames.count == 1 && frames[0].timestamp == 10_000_005_000 && frames[0].linkType == .rawIP)
    }

    /// A little-endian pcapng block.
    static func block(_ type: UInt32, _ body: [UInt8]) -> [UInt8] {
        let padded = body + [UInt8](repeating: 0, count: (4 - body.count % 4) % 4)
        let length = UInt32(12 + padded.count)
        return le32(type) + le32(length) + padded + le32(length)
    }

    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }

    static func sectionHeader() -> [UInt8] {
        block(0x0A0D_0D0A, le32(0x1A2B_3C4D) + le16(1) + le16(0) + [UInt8](repeating: 0xFF, count: 8))
    }

    @Test("pcapng: two interfaces (Ethernet at µs, raw IP at ns via if_tsresol), enhanced and simple packets, unknown blocks skipped")
    func pcapng() throws {
        var file = Self.sectionHeader()
        file += Self.block(1, Self.le16(1) + Self.le16(0) + Self.le32(65_535))
        file += Self.block(1, Self.le16(101) + Self.le16(0) + Self.le32(65_535) + Self.le16(9) + Self.le16(1) + [9, 0, 0, 0]
                               + Self.le16(0) + Self.le16(0))
        let micro: UInt64 = 1_700_000_000_000_001
        file += Self.block(6, Self.le32(0) + Self.le32(UInt32(micro >> 32)) + Self.le32(UInt32(micro & 0xFFFF_FFFF))
                               + Self.le32(3) + Self.le32(3) + [7, 8, 9])
        file += Self.block(5, [1, 2, 3, 4])   // an Interface Statistics Block: skipped
        let nano: UInt64 = 1_700_000_000_000_000_123
        file += Self.block(6, Self.le32(1) + Self.le32(UInt32(nano >> 32)) + Self.le32(UInt32(nano & 0xFFFF_FFFF))
                               + Self.le32(2) + Self.le32(2) + [0x45, 0])
        file += Self.block(3, Self.le32(4) + [1, 1, 1, 1])
        for chunk in [Int.max, 1, 5] {
            let (frames, warnings) = try Self.frames(file, chunk: chunk)
            #expect(warnings.isEmpty, "\(warnings)")
            #expect(frames.map(\.number) == [1, 2, 3])
            #expect(frames.map(\.timestamp) == [1_700_000_000_000_001_000, 1_700_000_000_000_000_123, 0])
            #expect(frames.map(\.linkType) == [.ethernet, .rawIP, .ethernet])
            #expect(frames.map { Array($0.bytes) } == [[7, 8, 9], [0x45, 0], [1, 1, 1, 1]])
        }
    }

    @Test("damage: a cut last record, an impossible length, a packet for an undescribed interface, not a capture at all")
    func damage() throws {
        var writer = CaptureFileWriter()
        writer.append(frame: [1, 2, 3, 4], timestamp: 0)
        writer.append(frame: [5, 6, 7, 8], timestamp: 0)
        let cut = try Self.frames(Array(writer.bytes.dropLast(2)))
        #expect(cut.frames.count == 1)
        #expect(cut.warnings.map(\.message) == ["the file ends inside a record (18 bytes left)"])

        var huge = CaptureFileWriter().bytes
        huge += [0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0]
        let impossible = try Self.frames(huge)
        #expect(impossible.frames.isEmpty)
        #expect(impossible.warnings.first?.message.hasPrefix("a record claims 2147483647 captured bytes") == true)

        let orphan = try Self.frames(Self.sectionHeader() + Self.block(6, Self.le32(3) + Self.le32(0) + Self.le32(0)
                                                                        + Self.le32(1) + Self.le32(1) + [0]))
        #expect(orphan.frames.isEmpty && orphan.warnings.map(\.message) == ["a packet names interface 3, which was not described"])

        #expect(throws: CaptureFileError.unknownFormat(magic: 0x4745_5420)) { try Self.frames(Array("GET / HTTP/1.1\r\n".utf8)) }
        #expect(throws: CaptureFileError.truncatedHeader) { try Self.frames([0xD4, 0xC3, 0xB2, 0xA1, 2]) }
    }
}

/// The fuzz target's seed captures (written by a Python script, not by this module's writer)
/// read as they were made.
@Suite struct CaptureCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/capture")

    static func packets(_ name: String) throws -> [CapturePacket] {
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
        var reader = CaptureFileReader()
        var decoder = PacketDecoder()
        reader.append(bytes)
        reader.finish()
        var packets: [CapturePacket] = []
        while let frame = try reader.next() {
            if let packet = decoder.decode(frame) { packets.append(packet) }
        }
        #expect(reader.warnings.isEmpty && decoder.warnings.isEmpty)
        return packets
    }

    static func sipLine(_ packet: CapturePacket) -> String {
        let payload: ArraySlice<UInt8>
        switch packet {
        case .udp(let datagram): payload = datagram.payload
        case .tcp(let segment): payload = segment.payload
        }
        return String(decoding: payload.prefix { $0 != 13 }, as: UTF8.self)
    }

    @Test("Ethernet/UDP, raw-IP fragments, SLL/TCP and pcapng (enhanced + simple) seeds")
    func seeds() throws {
        for (name, count) in [("ethernet-udp.pcap", 1), ("fragments.pcap", 1), ("sll-tcp.pcap", 1), ("pcapng.pcapng", 2)] {
            let packets = try Self.packets(name)
            #expect(packets.count == count, "\(name)")
            #expect(packets.allSatisfy { Self.sipLine($0) == "INVITE sip:bob@127.0.0.1 SIP/2.0" }, "\(name)")
        }
    }
}

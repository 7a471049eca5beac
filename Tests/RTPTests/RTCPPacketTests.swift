import Testing
@testable import RTP

/// Typed RTCP packets (RFC 3550 §6.4–§6.7, RFC 4585 §6.1), parsed and built byte for byte.
@Suite struct RTCPPacketTests {
    typealias Bytes = RTPTestBytes

    /// The single packet in `bytes`, typed.
    func single(_ bytes: [UInt8]) throws -> RTCPPacket {
        let packets = try RTCPCompound.packets(in: bytes)
        try #require(packets.count == 1)
        return packets[0]
    }

    @Test("RFC 3550 §6.4.1: SR with one report block, both ways")
    func senderReport() throws {
        let packet = try single(Bytes.senderReport)
        #expect(packet == .senderReport(Bytes.senderReportValue))
        #expect(packet.packetType == .senderReport)
        #expect(try packet.encoded() == Bytes.senderReport)
        guard case .senderReport(let report) = packet else { return }
        #expect(report.ntpTimestamp.description == "b44db705:20000000")
        #expect(report.reportBlocks.first?.cumulativeLost == -2)
    }

    @Test("RFC 3550 §6.4.2: RR without blocks, and with a profile-specific extension")
    func receiverReport() throws {
        let empty = Bytes.hex("80 c9 00 01 11 22 33 44")
        #expect(try single(empty) == .receiverReport(RTCPReceiverReport(ssrc: 0x1122_3344)))
        #expect(try RTCPPacket.receiverReport(RTCPReceiverReport(ssrc: 0x1122_3344)).encoded() == empty)
        let withExtension = Bytes.hex("80 c9 00 02 11 22 33 44 de ad be ef")
        let report = RTCPReceiverReport(ssrc: 0x1122_3344, profileExtension: [0xde, 0xad, 0xbe, 0xef])
        #expect(try single(withExtension) == .receiverReport(report))
        #expect(try RTCPPacket.receiverReport(report).encoded() == withExtension)
    }

    @Test("RFC 3550 §6.5: SDES CNAME, both ways")
    func sourceDescription() throws {
        let packet = try single(Bytes.sdesCNAME)
        let expected = RTCPSourceDescription(ssrc: 0x1122_3344, cname: "abcdefghijklmnop")
        #expect(packet == .sourceDescription(expected))
        #expect(expected.cname(of: 0x1122_3344) == "abcdefghijklmnop")
        #expect(expected.cname(of: 1) == nil)
        #expect(try packet.encoded() == Bytes.sdesCNAME)
    }

    @Test("RFC 3550 §6.5: two chunks, several items, a chunk that ends exactly on a word")
    func sourceDescriptionChunks() throws {
        let description = RTCPSourceDescription(chunks: [
            .init(source: 1, items: [.init(.cname, text: "ab"), .init(.tool, text: "x")]),
            .init(source: 2, items: []),
            .init(source: 3, items: [.init(.other(12), value: [0x30, 0x31])]),
        ])
        let bytes = Bytes.hex("""
            83 ca 00 08
            00 00 00 01 | 01 02 61 62 | 06 01 78 00
            00 00 00 02 | 00 00 00 00
            00 00 00 03 | 0c 02 30 31 | 00 00 00 00
            """)
        #expect(try RTCPPacket.sourceDescription(description).encoded() == bytes)
        #expect(try single(bytes) == .sourceDescription(description))
    }

    @Test("RFC 3550 §6.6: BYE with and without a reason")
    func goodbye() throws {
        let plain = Bytes.hex("81 cb 00 01 11 22 33 44")
        #expect(try single(plain) == .goodbye(RTCPGoodbye(sources: [0x1122_3344])))
        #expect(try RTCPPacket.goodbye(RTCPGoodbye(sources: [0x1122_3344])).encoded() == plain)
        let withReason = Bytes.hex("81 cb 00 03 11 22 33 44 04 64 6f 6e 65 00 00 00")
        let goodbye = RTCPGoodbye(sources: [0x1122_3344], reason: "done")
        #expect(try single(withReason) == .goodbye(goodbye))
        #expect(goodbye.reasonText == "done")
        #expect(try RTCPPacket.goodbye(goodbye).encoded() == withReason)
        let fourBytes = RTCPGoodbye(sources: [], reason: "abc")
        #expect(try RTCPPacket.goodbye(fourBytes).encoded() == Bytes.hex("80 cb 00 01 03 61 62 63"))
    }

    @Test("RFC 3550 §6.7: APP kept raw, both ways")
    func application() throws {
        let bytes = Bytes.hex("82 cc 00 03 11 22 33 44 50 4c 56 4f 01 02 03 04")
        let app = RTCPApplicationDefined(subtype: 2, ssrc: 0x1122_3344, name: 0x504c_564f, data: [1, 2, 3, 4])
        #expect(try single(bytes) == .applicationDefined(app))
        #expect(app.nameText == "PLVO")
        #expect(try RTCPPacket.applicationDefined(app).encoded() == bytes)
    }

    @Test("RFC 4585 §6.2, §6.3.1: Generic NACK and PLI as typed header + raw FCI")
    func feedback() throws {
        let nack = Bytes.hex("81 cd 00 03 11 22 33 44 55 66 77 88 00 0a 00 03")
        let nackValue = RTCPFeedback(format: RTCPFeedback.Format.genericNACK, senderSSRC: 0x1122_3344,
                                     mediaSSRC: 0x5566_7788, feedbackControlInformation: [0x00, 0x0a, 0x00, 0x03])
        #expect(try single(nack) == .transportFeedback(nackValue))
        #expect(try RTCPPacket.transportFeedback(nackValue).encoded() == nack)
        let pli = Bytes.hex("81 ce 00 02 11 22 33 44 55 66 77 88")
        let pliValue = RTCPFeedback(format: RTCPFeedback.Format.pictureLossIndication, senderSSRC: 0x1122_3344,
                                    mediaSSRC: 0x5566_7788)
        #expect(try single(pli) == .payloadSpecificFeedback(pliValue))
        #expect(try RTCPPacket.payloadSpecificFeedback(pliValue).encoded() == pli)
    }

    @Test("XR and unknown packet types are kept byte for byte")
    func rawTypes() throws {
        for bytes in [Bytes.hex("80 cf 00 02 11 22 33 44 04 00 00 00"), Bytes.hex("9f d2 00 00")] {
            let packet = try single(bytes)
            guard case .other(let raw) = packet else {
                Issue.record("not raw: \(packet)")
                continue
            }
            #expect(raw.packetType.rawValue == bytes[1])
            #expect(raw.count == bytes[0] & 0x1F)
            #expect(try packet.encoded() == bytes)
        }
        #expect(RTCPPacketType(rawValue: 207) == .extendedReport)
        #expect(RTCPPacketType(rawValue: 210) == .other(210))
        #expect(RTCPPacketType.other(210).rawValue == 210)
        #expect(RTCPPacketType.payloadSpecificFeedback.description == "PSFB")
    }

    @Test("malformed bodies are typed errors with offsets in the compound packet", arguments: [
        // SR announcing two blocks with one present.
        ("82 c8 00 0c 11 22 33 44 00000000 00000000 00000000 00000000 00000000 " + String(repeating: "00", count: 24),
         RTPParseError(.truncated(needed: 48, available: 24), offset: 28)),
        ("80 c8 00 01 11 22 33 44", RTPParseError(.truncated(needed: 24, available: 4), offset: 4)),
        ("81 c9 00 01 11 22 33 44", RTPParseError(.truncated(needed: 24, available: 0), offset: 8)),
        ("80 c9 00 00", RTPParseError(.truncated(needed: 4, available: 0), offset: 4)),
        ("81 ca 00 02 11 22 33 44 01 02 61 62", RTPParseError(.unterminatedChunk, offset: 12)),
        ("81 ca 00 02 11 22 33 44 01 05 61 62", RTPParseError(.truncated(needed: 5, available: 2), offset: 9)),
        ("81 ca 00 03 11 22 33 44 00 00 00 00 00 00 00 00", RTPParseError(.trailingBytes(4), offset: 12)),
        ("82 ca 00 02 11 22 33 44 00 00 00 00", RTPParseError(.truncated(needed: 4, available: 0), offset: 12)),
        ("81 cb 00 02 11 22 33 44 09 61 62 63", RTPParseError(.truncated(needed: 9, available: 3), offset: 8)),
        ("81 cb 00 03 11 22 33 44 01 61 00 00 00 00 00 00", RTPParseError(.trailingBytes(4), offset: 12)),
        ("82 cb 00 01 11 22 33 44", RTPParseError(.truncated(needed: 8, available: 4), offset: 4)),
        ("80 cc 00 01 11 22 33 44", RTPParseError(.truncated(needed: 8, available: 4), offset: 4)),
        ("81 cd 00 01 11 22 33 44", RTPParseError(.truncated(needed: 8, available: 4), offset: 4)),
    ])
    func bodyErrors(hex: String, expected: RTPParseError) {
        #expect(throws: expected) { try RTCPCompound.packets(in: RTPTestBytes.hex(hex)) }
    }

    @Test("values the wire cannot carry are typed errors")
    func encodeErrors() {
        #expect(throws: RTPWriteError.valueOutOfRange(.count, 32)) {
            try RTCPPacket.goodbye(RTCPGoodbye(sources: Array(repeating: 1, count: 32))).encoded()
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.textLength, 256)) {
            try RTCPPacket.goodbye(RTCPGoodbye(sources: [], reason: [UInt8](repeating: 0x61, count: 256))).encoded()
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.sdesItemType, 0)) {
            try RTCPPacket.sourceDescription(.init(chunks: [.init(source: 1, items: [.init(.other(0), value: [])])])).encoded()
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.wordAlignedData, 3)) {
            try RTCPPacket.transportFeedback(RTCPFeedback(format: 1, senderSSRC: 1, mediaSSRC: 2,
                                                          feedbackControlInformation: [1, 2, 3])).encoded()
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.count, 32)) {
            try RTCPPacket.applicationDefined(RTCPApplicationDefined(subtype: 32, ssrc: 1, name: 0, data: [])).encoded()
        }
        var block = RTPTestBytes.reportBlock
        block.cumulativeLost = 0x80_0000
        #expect(throws: RTPWriteError.valueOutOfRange(.cumulativeLost, 0x80_0000)) {
            try RTCPPacket.receiverReport(RTCPReceiverReport(ssrc: 1, reportBlocks: [block])).encoded()
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.packetLength, 262_152)) {
            try RTCPPacket.other(RTCPRawPacket(count: 0, packetType: .other(210),
                                               body: [UInt8](repeating: 0, count: 262_148))).encoded()
        }
    }

    @Test("signed 24-bit cumulative loss at both ends of its range")
    func cumulativeLostRange() throws {
        for lost in [Int32(-0x80_0000), -1, 0, 0x7F_FFFF] {
            var block = RTPTestBytes.reportBlock
            block.cumulativeLost = lost
            let bytes = try RTCPPacket.receiverReport(RTCPReceiverReport(ssrc: 1, reportBlocks: [block])).encoded()
            guard case .receiverReport(let parsed) = try single(bytes) else {
                Issue.record("not an RR")
                continue
            }
            #expect(parsed.reportBlocks == [block])
        }
    }
}

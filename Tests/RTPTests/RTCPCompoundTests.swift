import Testing
@testable import RTP

/// Compound RTCP (RFC 3550 §6.1, Appendix A.2; RFC 5506 reduced size): iteration, validation,
/// building, and every prefix rejected cleanly.
@Suite struct RTCPCompoundTests {
    typealias Bytes = RTPTestBytes

    static let compound = Bytes.senderReport + Bytes.sdesCNAME

    @Test("RFC 3550 §6.1: SR + SDES iterates in place with offsets, headers and bodies")
    func iterate() throws {
        var iterator = RTCPCompoundIterator(Self.compound)
        let first = try #require(try iterator.next())
        #expect(first.offset == 0)
        #expect(first.header == RTCPHeader(count: 1, packetType: .senderReport, length: 12))
        #expect(first.header.packetSize == 52)
        #expect(first.body.count == 48)
        #expect(first.paddingCount == 0)
        let second = try #require(try iterator.next())
        #expect(second.offset == 52)
        #expect(second.header.packetType == .sourceDescription)
        #expect(Array(second.bytes) == Bytes.sdesCNAME)
        #expect(try iterator.next() == nil)
        #expect(iterator.offset == 80)
        try RTCPCompound.validate(Self.compound)
    }

    @Test("RFC 3550 §6.1: building SR + SDES gives the same bytes; a compound must start with SR or RR")
    func build() throws {
        let packets: [RTCPPacket] = [
            .senderReport(Bytes.senderReportValue),
            .sourceDescription(RTCPSourceDescription(ssrc: 0x1122_3344, cname: "abcdefghijklmnop")),
        ]
        #expect(try RTCPCompound.packets(in: Self.compound) == packets)
        #expect(try RTCPCompound.encode(packets) == Self.compound)
        let goodbye: [RTCPPacket] = [
            .receiverReport(RTCPReceiverReport(ssrc: 1)), .goodbye(RTCPGoodbye(sources: [1], reason: "bye")),
        ]
        let bytes = try RTCPCompound.encode(goodbye)
        #expect(bytes == Bytes.hex("80 c9 00 01 00 00 00 01 81 cb 00 02 00 00 00 01 03 62 79 65"))
        #expect(throws: RTPWriteError.firstPacketNotReport(.sourceDescription)) {
            try RTCPCompound.encode(Array(packets.reversed()))
        }
        #expect(throws: RTPWriteError.emptyCompound) { try RTCPCompound.encode([RTCPPacket]()) }
        var buffer: [UInt8] = [9]
        #expect(throws: RTPWriteError.valueOutOfRange(.wordAlignedData, 1)) {
            try RTCPCompound.append([.receiverReport(RTCPReceiverReport(ssrc: 1, profileExtension: [1]))], to: &buffer)
        }
        #expect(buffer == [9])
    }

    @Test("RFC 5506 §3.4.2: a lone PLI is valid only when reduced-size RTCP was negotiated")
    func reducedSize() throws {
        let pli = Bytes.hex("81 ce 00 02 11 22 33 44 55 66 77 88")
        #expect(throws: RTPParseError(.firstPacketNotReport(.payloadSpecificFeedback), offset: 0)) {
            try RTCPCompound.validate(pli)
        }
        try RTCPCompound.validate(pli, reducedSize: true)
        let packet = RTCPPacket.payloadSpecificFeedback(RTCPFeedback(format: 1, senderSSRC: 0x1122_3344, mediaSSRC: 0x5566_7788))
        #expect(throws: RTPWriteError.firstPacketNotReport(.payloadSpecificFeedback)) { try RTCPCompound.encode([packet]) }
        #expect(try RTCPCompound.encode([packet], reducedSize: true) == pli)
        // An unknown type alone comes out as it is.
        #expect(try RTCPCompound.packets(in: Bytes.hex("80 d2 00 00")) == [.other(RTCPRawPacket(count: 0, packetType: .other(210), body: []))])
    }

    @Test("RFC 3550 §6.4.1, A.2: padding is allowed on the last packet only")
    func padding() throws {
        let padded = Bytes.hex("a0 c9 00 02 11 22 33 44 00 00 00 04")
        var iterator = RTCPCompoundIterator(padded)
        let packet = try #require(try iterator.next())
        #expect(packet.header.hasPadding)
        #expect(packet.paddingCount == 4)
        #expect(packet.body.count == 4)
        #expect(try RTCPPacket(parsing: packet) == .receiverReport(RTCPReceiverReport(ssrc: 0x1122_3344)))
        try RTCPCompound.validate(padded)
        try RTCPCompound.validate(Bytes.sdesCNAME + padded, reducedSize: true)
        #expect(throws: RTPParseError(.paddingBeforeLastPacket, offset: 0)) {
            try RTCPCompound.validate(padded + Bytes.sdesCNAME)
        }
    }

    @Test("malformed headers are typed errors and end the iteration", arguments: [
        ("80 c9 00", RTPParseError(.truncated(needed: 4, available: 3), offset: 0)),
        ("40 c9 00 01 11 22 33 44", RTPParseError(.unsupportedVersion(1), offset: 0)),
        ("80 c9 00 02 11 22 33 44", RTPParseError(.lengthOverrun(declared: 12, available: 8), offset: 2)),
        ("a0 c9 00 01 11 22 33 00", RTPParseError(.invalidPadding(count: 0), offset: 7)),
        ("a0 c9 00 01 11 22 33 05", RTPParseError(.invalidPadding(count: 5), offset: 7)),
        ("80 c9 00 01 11 22 33 44 80", RTPParseError(.truncated(needed: 4, available: 1), offset: 8)),
        ("", RTPParseError(.truncated(needed: 4, available: 0), offset: 0)),
    ])
    func headerErrors(hex: String, expected: RTPParseError) {
        let bytes = RTPTestBytes.hex(hex)
        #expect(throws: expected) { try RTCPCompound.validate(bytes, reducedSize: true) }
        var iterator = RTCPCompoundIterator(bytes)
        do {
            while try iterator.next() != nil {}
        } catch {
            #expect(error == expected || bytes.isEmpty)
        }
        #expect((try? iterator.next()) == nil)
    }

    @Test("every prefix of SR + SDES is rejected cleanly, except the one ending after the SR")
    func prefixes() throws {
        for length in 0..<Self.compound.count {
            let prefix = Array(Self.compound.prefix(length))
            if length == Bytes.senderReport.count {
                #expect(try RTCPCompound.packets(in: prefix) == [.senderReport(Bytes.senderReportValue)])
                try RTCPCompound.validate(prefix)
            } else {
                #expect(throws: RTPParseError.self) { try RTCPCompound.validate(prefix) }
                if length > 0 {
                    #expect(throws: RTPParseError.self) { try RTCPCompound.packets(in: prefix) }
                }
            }
        }
    }

    @Test("a compound in a slice that does not start at 0 parses the same, with the same offsets")
    func slices() throws {
        let shifted = [0xEE, 0xEE, 0xEE] + Self.compound
        #expect(try RTCPCompound.packets(in: shifted[3...]) == RTCPCompound.packets(in: Self.compound))
        let bad = [0xEE] + Bytes.hex("81 ca 00 02 11 22 33 44 01 02 61 62")
        #expect(throws: RTPParseError(.unterminatedChunk, offset: 12)) { try RTCPCompound.packets(in: bad[1...]) }
    }
}

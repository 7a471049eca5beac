import Testing
@testable import RTP

/// Parsing RTP packets (RFC 3550 §5.1, §5.3.1; RFC 8285): fields, elements, every error.
@Suite struct RTPPacketViewTests {
    typealias Bytes = RTPTestBytes

    @Test("RFC 3550 §5.1: Chrome's Opus packet gives every header field, element and the payload")
    func chromeOpus() throws {
        let packet = try RTPPacketView(parsing: Bytes.chromeOpus)
        #expect(packet.header == RTPHeader(marker: false, payloadType: 111, sequenceNumber: 0x1a2b,
                                           timestamp: 123_456, ssrc: 0x1122_3344))
        #expect(packet.csrcs.isEmpty)
        #expect(!packet.hasPadding)
        #expect(packet.paddingCount == 0)
        #expect(packet.headerSize == 28)
        #expect(packet.payloadRange == 28..<33)
        #expect(Array(packet.payload) == [0x78, 0x01, 0x02, 0x03, 0x04])
        let headerExtension = try #require(packet.headerExtension)
        #expect(headerExtension.profile == 0xBEDE)
        #expect(headerExtension.form == .oneByte)
        #expect(headerExtension.data.count == 12)
        let elements = headerExtension.elements.map { ($0.id, Array($0.value)) }
        #expect(elements.map(\.0) == [1, 2, 3])
        #expect(elements.map(\.1) == [[0xba], [0x01, 0x02, 0x03], [0x00, 0x2a]])
        #expect(packet.audioLevel(extensionID: 1) == RTPAudioLevel(voiceActivity: true, level: 58))
        #expect(packet.extensionElement(id: 3).map(Array.init) == [0x00, 0x2a])
        #expect(packet.extensionElement(id: 4) == nil)
        #expect(packet.audioLevel(extensionID: 5) == nil)
    }

    @Test("an array, a slice not starting at 0 and a raw buffer give the same view")
    func storageKinds() throws {
        let fromArray = try RTPPacketView(parsing: Bytes.chromeOpus)
        let shifted = [0xEE, 0xEE] + Bytes.chromeOpus
        let fromSlice = try RTPPacketView(parsing: shifted[2...])
        #expect(fromSlice.hasSameContent(as: fromArray))
        #expect(fromSlice.payloadRange == 28..<33)
        #expect(fromSlice.audioLevel(extensionID: 1)?.level == 58)
        let same = try Bytes.chromeOpus.withUnsafeBytes { buffer throws(RTPParseError) in
            let view = try RTPPacketView(parsing: buffer)
            return view.hasSameContent(as: fromArray) && view.audioLevel(extensionID: 1)?.voiceActivity == true
        }
        #expect(same)
        #expect(try RTPPacketView(parsing: AnyRandomAccessCollectionOfBytes(Bytes.chromeOpus)).hasSameContent(as: fromArray))
    }

    @Test("RFC 3550 §5.1: marker, CSRC list and padding")
    func csrcsAndPadding() throws {
        let packet = try RTPPacketView(parsing: Bytes.csrcAndPadding)
        #expect(packet.marker)
        #expect(packet.payloadType == 0)
        #expect(packet.sequenceNumber == 7)
        #expect(packet.timestamp == 800)
        #expect(packet.ssrc == 0xdead_beef)
        #expect(Array(packet.csrcs) == [1, 2])
        #expect(packet.hasPadding)
        #expect(packet.paddingCount == 4)
        #expect(Array(packet.payload) == [0xff, 0xfe, 0xfd, 0xfc])
        #expect(packet.headerExtension == nil)
    }

    @Test("a padding-only packet (as sent for bandwidth probing) has an empty payload")
    func paddingOnly() throws {
        let bytes = RTPTestBytes.hex("a0 6f 00 01 00 00 00 02 00 00 00 03 00 00 00 00 00 00 00 08")
        let packet = try RTPPacketView(parsing: bytes)
        #expect(packet.payload.isEmpty)
        #expect(packet.paddingCount == 8)
    }

    @Test("RFC 3550 §5.3.1: an extension with another profile is opaque")
    func otherProfile() throws {
        let bytes = RTPTestBytes.hex("90 00 00 01 00 00 00 02 00 00 00 03 ab cd 00 01 01 02 03 04 aa")
        let packet = try RTPPacketView(parsing: bytes)
        let headerExtension = try #require(packet.headerExtension)
        #expect(headerExtension.form == .other(profile: 0xabcd))
        #expect(Array(headerExtension.data) == [1, 2, 3, 4])
        #expect(Array(headerExtension.elements).isEmpty)
        #expect(Array(packet.payload) == [0xaa])
    }

    @Test("RFC 8285 §4.2: ID 15 ends processing; what follows is not checked")
    func oneByteID15() throws {
        let bytes = RTPTestBytes.hex("90 00 00 01 00 00 00 02 00 00 00 03 be de 00 01 10 aa f3 00")
        let packet = try RTPPacketView(parsing: bytes)
        let elements = try #require(packet.headerExtension).elements.map { ($0.id, Array($0.value)) }
        #expect(elements.count == 1)
        #expect(elements.first?.0 == 1)
        #expect(elements.first?.1 == [0xaa])
    }

    @Test("every malformed header is a typed error with its offset", arguments: [
        ("00 00 00 00 00 00 00 00 00 00 00", RTPParseError(.truncated(needed: 12, available: 11), offset: 0)),
        ("40 00 00 00 00 00 00 00 00 00 00 00", RTPParseError(.unsupportedVersion(1), offset: 0)),
        ("83 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 02",
         RTPParseError(.truncated(needed: 24, available: 20), offset: 12)),
        ("90 00 00 00 00 00 00 00 00 00 00 00 be de",
         RTPParseError(.truncated(needed: 4, available: 2), offset: 12)),
        ("90 00 00 00 00 00 00 00 00 00 00 00 be de 00 02 10 aa 00 00",
         RTPParseError(.extensionOverrun(length: 8, available: 4), offset: 14)),
        ("a0 00 00 00 00 00 00 00 00 00 00 00 01 00", RTPParseError(.invalidPadding(count: 0), offset: 13)),
        ("a0 00 00 00 00 00 00 00 00 00 00 00 01 03", RTPParseError(.invalidPadding(count: 3), offset: 13)),
        ("b0 00 00 00 00 00 00 00 00 00 00 00 be de 00 01 10 aa 00 00 05",
         RTPParseError(.invalidPadding(count: 5), offset: 20)),
        ("90 00 00 00 00 00 00 00 00 00 00 00 be de 00 01 13 aa bb cc",
         RTPParseError(.extensionElementOverrun(id: 1, length: 4, available: 3), offset: 16)),
        ("90 00 00 00 00 00 00 00 00 00 00 00 be de 00 01 05 00 00 00",
         RTPParseError(.invalidExtensionElement(id: 0), offset: 16)),
        ("90 00 00 00 00 00 00 00 00 00 00 00 10 00 00 01 00 00 00 07",
         RTPParseError(.truncated(needed: 2, available: 1), offset: 19)),
        ("90 00 00 00 00 00 00 00 00 00 00 00 10 00 00 01 05 03 aa bb",
         RTPParseError(.extensionElementOverrun(id: 5, length: 3, available: 2), offset: 16)),
    ])
    func errors(hex: String, expected: RTPParseError) {
        #expect(throws: expected) { try RTPPacketView(parsing: RTPTestBytes.hex(hex)) }
    }

    @Test("every prefix of a valid packet is rejected cleanly before the payload, and cuts the payload after")
    func prefixes() throws {
        for packet in [Bytes.chromeOpus, Bytes.telephoneEvent] {
            let headerSize = try RTPPacketView(parsing: packet).headerSize
            for length in 0..<packet.count {
                let prefix = Array(packet.prefix(length))
                if length < headerSize {
                    #expect(throws: RTPParseError.self) { try RTPPacketView(parsing: prefix) }
                } else {
                    #expect(try RTPPacketView(parsing: prefix).payload.count == length - headerSize)
                }
            }
        }
        // With padding every shorter prefix ends in a byte that is not a valid count here.
        for length in 0..<Bytes.csrcAndPadding.count {
            #expect(throws: RTPParseError.self) { try RTPPacketView(parsing: Array(Bytes.csrcAndPadding.prefix(length))) }
        }
    }

    @Test("an error describes itself with its offset")
    func errorDescription() {
        let error = RTPParseError(.invalidPadding(count: 0), offset: 13)
        #expect(error.description == "invalid padding count 0 at offset 13")
    }
}

/// A byte collection without contiguous storage, to exercise the copying fallback.
struct AnyRandomAccessCollectionOfBytes: RandomAccessCollection {
    let base: [UInt8]
    init(_ base: [UInt8]) { self.base = base }
    var startIndex: Int { 0 }
    var endIndex: Int { base.count }
    subscript(position: Int) -> UInt8 { base[position] }
}

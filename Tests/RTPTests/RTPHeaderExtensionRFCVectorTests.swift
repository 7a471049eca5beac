import Testing
@testable import RTP

/// The RFC 8285 §4.2 and §4.3 figures and the RFC 6464 §3 level byte.
@Suite struct RTPHeaderExtensionRFCVectorTests {
    static let fixedHeader = "90 60 00 01 00 00 00 02 00 00 00 03"

    @Test("RFC 8285 §4.2 figure: one-byte elements of 1, 2 and 4 bytes with two padding bytes between")
    func oneByteFigure() throws {
        let bytes = RTPTestBytes.hex(Self.fixedHeader + """
            be de 00 03 | 10 d0 21 d1 | d2 00 00 33 | e0 e1 e2 e3
            """)
        let packet = try RTPPacketView(parsing: bytes)
        let elements = try #require(packet.headerExtension).elements.map { ($0.id, Array($0.value)) }
        #expect(elements.map(\.0) == [1, 2, 3])
        #expect(elements.map(\.1) == [[0xd0], [0xd1, 0xd2], [0xe0, 0xe1, 0xe2, 0xe3]])
        #expect(packet.payload.isEmpty)

        // The writer puts all padding at the end: same elements, same length.
        var rebuilt: [UInt8] = []
        try RTPPacketWriter.append(
            packet.header,
            extensions: [try RTPOneByteExtensionElement(id: 1, value: [0xd0]),
                         try RTPOneByteExtensionElement(id: 2, value: [0xd1, 0xd2]),
                         try RTPOneByteExtensionElement(id: 3, value: [0xe0, 0xe1, 0xe2, 0xe3])],
            payload: [], to: &rebuilt)
        #expect(rebuilt == RTPTestBytes.hex(Self.fixedHeader + "be de 00 03 10 d0 21 d1 d2 33 e0 e1 e2 e3 00 00"))
        let again = try RTPPacketView(parsing: rebuilt)
        #expect(again.headerExtension?.elements.map { Array($0.value) } == elements.map(\.1))
    }

    @Test("RFC 8285 §4.3 figure: two-byte elements of 0, 1 and 4 bytes with one padding byte")
    func twoByteFigure() throws {
        let bytes = RTPTestBytes.hex(Self.fixedHeader + """
            10 00 00 03 | 01 00 02 01 | d0 00 03 04 | e0 e1 e2 e3
            """)
        let packet = try RTPPacketView(parsing: bytes)
        let headerExtension = try #require(packet.headerExtension)
        #expect(headerExtension.form == .twoByte(appBits: 0))
        let elements = headerExtension.elements.map { ($0.id, Array($0.value)) }
        #expect(elements.map(\.0) == [1, 2, 3])
        #expect(elements.map(\.1) == [[], [0xd0], [0xe0, 0xe1, 0xe2, 0xe3]])
        #expect(headerExtension.element(id: 1).map(Array.init) == [])
    }

    @Test("RFC 8285 §4.3: the low 4 bits of 0x100X are application bits")
    func twoByteAppBits() throws {
        let bytes = RTPTestBytes.hex(Self.fixedHeader + "10 0a 00 01 | 07 01 55 00")
        let headerExtension = try #require(try RTPPacketView(parsing: bytes).headerExtension)
        #expect(headerExtension.form == .twoByte(appBits: 0x0a))
        #expect(headerExtension.element(id: 7).map(Array.init) == [0x55])
    }

    @Test("RFC 6464 §3: V in the top bit, the level in −dBov below; out-of-range levels clamp")
    func audioLevelByte() {
        #expect(RTPAudioLevel(byte: 0x86) == RTPAudioLevel(voiceActivity: true, level: 6))
        #expect(RTPAudioLevel(byte: 0x7f) == RTPAudioLevel(voiceActivity: false, level: 127))
        #expect(RTPAudioLevel(voiceActivity: true, level: 6).byte == 0x86)
        #expect(RTPAudioLevel(voiceActivity: false, level: 200).level == 127)
        #expect(RTPAudioLevel(extensionValue: [UInt8]()) == nil)
    }
}

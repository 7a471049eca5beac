import Testing
@testable import RTP

/// Building RTP packets into caller buffers (RFC 3550 §5.1, RFC 8285 §4.2), byte for byte.
@Suite struct RTPPacketWriterTests {
    typealias Bytes = RTPTestBytes

    static let chromeHeader = RTPHeader(payloadType: 111, sequenceNumber: 0x1a2b, timestamp: 123_456, ssrc: 0x1122_3344)

    static func chromeElements() throws -> [RTPOneByteExtensionElement] {
        [
            try .audioLevel(id: 1, RTPAudioLevel(voiceActivity: true, level: 58)),
            try RTPOneByteExtensionElement(id: 2, value: [0x01, 0x02, 0x03]),
            try RTPOneByteExtensionElement(id: 3, value: [0x00, 0x2a]),
        ]
    }

    @Test("RFC 8285 §4.2: Chrome's Opus packet is rebuilt byte for byte from its elements")
    func chromeOpus() throws {
        var bytes: [UInt8] = []
        let size = try RTPPacketWriter.append(
            Self.chromeHeader, extensions: Self.chromeElements(), payload: [0x78, 0x01, 0x02, 0x03, 0x04], to: &bytes)
        #expect(size == Bytes.chromeOpus.count)
        #expect(bytes == Bytes.chromeOpus)
    }

    @Test("RFC 3550 §5.1: marker, CSRCs and padding, written into a raw buffer")
    func csrcsAndPadding() throws {
        var buffer = [UInt8](repeating: 0xAA, count: 64)
        let header = RTPHeader(marker: true, payloadType: 0, sequenceNumber: 7, timestamp: 800, ssrc: 0xdead_beef)
        let size = try buffer.withUnsafeMutableBytes { buffer throws(RTPWriteError) in
            try RTPPacketWriter.write(header, csrcs: [1, 2], payload: [0xff, 0xfe, 0xfd, 0xfc],
                                      paddingCount: 4, into: buffer)
        }
        #expect(Array(buffer.prefix(size)) == Bytes.csrcAndPadding)
        #expect(buffer[size] == 0xAA)
    }

    @Test("a raw extension block is copied as given (RFC 3550 §5.3.1)")
    func rawExtension() throws {
        var bytes: [UInt8] = [0x55]
        try RTPPacketWriter.append(
            RTPHeader(payloadType: 0, sequenceNumber: 1, timestamp: 2, ssrc: 3),
            extensionProfile: 0xabcd, extensionData: [1, 2, 3, 4], payload: [0xaa], to: &bytes)
        #expect(bytes == [0x55] + RTPTestBytes.hex("90 00 00 01 00 00 00 02 00 00 00 03 ab cd 00 01 01 02 03 04 aa"))
    }

    @Test("writing only the header leaves the payload's place to an encoder")
    func headerOnly() throws {
        let elements = try Self.chromeElements()
        #expect(RTPPacketWriter.extensionDataSize(of: elements) == 12)
        let expected = RTPPacketWriter.headerSize(csrcCount: 0, extensionDataSize: 12)
        var buffer = [UInt8](repeating: 0, count: 100)
        let size = try buffer.withUnsafeMutableBytes { buffer throws(RTPWriteError) in
            try RTPPacketWriter.write(Self.chromeHeader, extensions: elements, payload: EmptyCollection(), into: buffer)
        }
        #expect(size == expected)
        #expect(size == 28)
        #expect(Array(buffer.prefix(28)) == Array(Bytes.chromeOpus.prefix(28)))
        #expect(RTPPacketWriter.headerSize(csrcCount: 2) == 20)
    }

    @Test("write → parse gives back every field")
    func roundTrip() throws {
        let header = RTPHeader(marker: true, payloadType: 127, sequenceNumber: 65535, timestamp: .max, ssrc: 1)
        var bytes: [UInt8] = []
        try RTPPacketWriter.append(header, csrcs: [9, 8, 7], extensions: [try .audioLevel(id: 14, .init(voiceActivity: false, level: 127))],
                                   payload: [1, 2, 3], paddingCount: 255, to: &bytes)
        let packet = try RTPPacketView(parsing: bytes)
        #expect(packet.header == header)
        #expect(Array(packet.csrcs) == [9, 8, 7])
        #expect(packet.audioLevel(extensionID: 14) == RTPAudioLevel(voiceActivity: false, level: 127))
        #expect(Array(packet.payload) == [1, 2, 3])
        #expect(packet.paddingCount == 255)
    }

    @Test("out-of-range fields and short buffers are typed errors; a failed append changes nothing")
    func errors() throws {
        let header = RTPHeader(payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0)
        var bytes: [UInt8] = [1, 2, 3]
        #expect(throws: RTPWriteError.valueOutOfRange(.payloadType, 128)) {
            try RTPPacketWriter.append(RTPHeader(payloadType: 128, sequenceNumber: 0, timestamp: 0, ssrc: 0),
                                       payload: [], to: &bytes)
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.csrcCount, 16)) {
            try RTPPacketWriter.append(header, csrcs: Array(repeating: 1, count: 16), payload: [], to: &bytes)
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.paddingCount, 256)) {
            try RTPPacketWriter.append(header, payload: [], paddingCount: 256, to: &bytes)
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.extensionLength, 3)) {
            try RTPPacketWriter.append(header, extensionProfile: 1, extensionData: [1, 2, 3], payload: [], to: &bytes)
        }
        #expect(bytes == [1, 2, 3])
        #expect(throws: RTPWriteError.bufferTooSmall(needed: 13, available: 12)) {
            var small = [UInt8](repeating: 0, count: 12)
            _ = try small.withUnsafeMutableBytes { buffer in
                try RTPPacketWriter.write(header, payload: [1], into: buffer)
            }
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.extensionID, 15)) {
            try RTPOneByteExtensionElement(id: 15, value: [1])
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.extensionID, 0)) {
            try RTPOneByteExtensionElement(id: 0, value: [1])
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.extensionElementLength, 17)) {
            try RTPOneByteExtensionElement(id: 1, value: [UInt8](repeating: 0, count: 17))
        }
        #expect(throws: RTPWriteError.valueOutOfRange(.extensionElementLength, 0)) {
            try RTPOneByteExtensionElement(id: 1, value: [])
        }
    }

    @Test("a 16-byte element keeps all its bytes inline")
    func sixteenByteElement() throws {
        let value: [UInt8] = Array(1...16)
        let element = try RTPOneByteExtensionElement(id: 7, value: value)
        #expect(element.value == value)
        #expect(element.count == 16)
        #expect(element.byte(at: 16) == 0)
        var bytes: [UInt8] = []
        try RTPPacketWriter.append(RTPHeader(payloadType: 1, sequenceNumber: 2, timestamp: 3, ssrc: 4),
                                   extensions: [element], payload: [], to: &bytes)
        let packet = try RTPPacketView(parsing: bytes)
        #expect(packet.extensionElement(id: 7).map(Array.init) == value)
        #expect(try #require(packet.headerExtension).data.count == 20)
    }
}

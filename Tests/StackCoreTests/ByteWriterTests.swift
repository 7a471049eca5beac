import Testing

@testable import StackCore

@Suite("ByteWriter")
struct ByteWriterTests {
    @Test("writes big-endian integers, bytes and text")
    func writesInOrder() {
        var writer = ByteWriter(capacity: 32)
        writer.writeUInt8(0x01)
        writer.writeUInt16(0x0203)
        writer.writeUInt32(0x0405_0607)
        writer.writeUInt64(0x0809_0A0B_0C0D_0E0F)
        writer.writeBytes([0x10, 0x11])
        writer.writeASCII("SIP/2.0")
        #expect(
            writer.bytes == [
                0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11,
            ] + Array("SIP/2.0".utf8))
        #expect(writer.count == 24)
    }

    @Test("round-trips through ByteReader")
    func roundTrip() throws {
        var writer = ByteWriter()
        writer.writeUInt16(0xBEEF)
        writer.writeUInt64(.max)
        writer.writeUInt32(0x2112_A442)
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readUInt16() == 0xBEEF)
        #expect(try reader.readUInt64() == .max)
        #expect(try reader.readUInt32() == 0x2112_A442)
        #expect(reader.isAtEnd)
    }

    @Test("patches a length field after writing the body")
    func patchesLength() throws {
        var writer = ByteWriter()
        writer.writeUInt16(0x0001)
        let lengthOffset = writer.count
        writer.writeUInt16(0)
        writer.writeUInt32(0)
        writer.writeBytes([0xAA, 0xBB, 0xCC])
        try writer.patchUInt16(UInt16(writer.count - 4), at: lengthOffset)
        try writer.patchUInt32(0xDEAD_BEEF, at: 4)
        try writer.patchUInt8(0x7F, at: 0)
        #expect(writer.bytes == [0x7F, 0x01, 0x00, 0x07, 0xDE, 0xAD, 0xBE, 0xEF, 0xAA, 0xBB, 0xCC])
    }

    @Test("patching outside the written bytes throws")
    func patchOutOfBounds() {
        var writer = ByteWriter()
        writer.writeUInt16(0)
        writer.writeUInt8(0)
        #expect(throws: ByteWriterError.outOfBounds(offset: 0, width: 4, count: 3)) {
            try writer.patchUInt32(1, at: 0)
        }
        #expect(throws: ByteWriterError.outOfBounds(offset: 2, width: 2, count: 3)) {
            try writer.patchUInt16(1, at: 2)
        }
        #expect(throws: ByteWriterError.outOfBounds(offset: -1, width: 1, count: 3)) {
            try writer.patchUInt8(1, at: -1)
        }
        #expect(writer.bytes == [0, 0, 0])
    }

    @Test("pads to a multiple of four (STUN attribute alignment)")
    func padding() {
        var writer = ByteWriter()
        writer.writeBytes([1, 2, 3, 4, 5])
        writer.pad(toMultipleOf: 4)
        #expect(writer.bytes == [1, 2, 3, 4, 5, 0, 0, 0])
        writer.pad(toMultipleOf: 4)
        #expect(writer.count == 8)
        writer.writeUInt8(9)
        writer.pad(toMultipleOf: 4, with: 0x20)
        #expect(Array(writer.bytes.suffix(4)) == [9, 0x20, 0x20, 0x20])
        writer.writeRepeating(count: -2)
        #expect(writer.count == 12)
    }

    @Test("reuses a preallocated buffer and appends to existing bytes")
    func reuseAndAppend() {
        var storage: [UInt8] = []
        storage.reserveCapacity(1500)
        storage.append(contentsOf: [9, 9, 9])
        var reused = ByteWriter(reusing: storage)
        #expect(reused.isEmpty)
        #expect(reused.bytes.capacity >= 1500)
        reused.writeUInt8(1)
        #expect(reused.bytes == [1])
        reused.reset()
        #expect(reused.isEmpty)
        #expect(reused.bytes.capacity >= 1500)

        var appending = ByteWriter(appendingTo: [0xAA])
        appending.writeUInt16(0x0102)
        #expect(appending.bytes == [0xAA, 0x01, 0x02])
    }
}

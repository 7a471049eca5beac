import Testing

@testable import StackCore

@Suite("ByteReader")
struct ByteReaderTests {
    @Test("reads big-endian integers in order")
    func readsIntegers() throws {
        var reader = ByteReader([
            0x01,
            0x02, 0x03,
            0x04, 0x05, 0x06, 0x07,
            0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
        ])
        #expect(try reader.readUInt8() == 0x01)
        #expect(try reader.readUInt16() == 0x0203)
        #expect(try reader.readUInt32() == 0x0405_0607)
        #expect(try reader.readUInt64() == 0x0809_0A0B_0C0D_0E0F)
        #expect(reader.isAtEnd)
        #expect(reader.remaining == 0)
        #expect(reader.offset == 15)
    }

    @Test("peek does not consume")
    func peekDoesNotConsume() throws {
        var reader = ByteReader([0xAB, 0xCD, 0xEF, 0x01])
        #expect(try reader.peekUInt8() == 0xAB)
        #expect(try reader.peekUInt16() == 0xABCD)
        #expect(try reader.peekUInt32() == 0xABCD_EF01)
        #expect(Array(try reader.peekBytes(2)) == [0xAB, 0xCD])
        #expect(reader.offset == 0)
        try reader.skip(1)
        #expect(try reader.peekUInt8() == 0xCD)
        #expect(reader.remaining == 3)
    }

    @Test("truncated reads throw at the exact offset and leave the cursor")
    func truncatedReads() throws {
        var reader = ByteReader([0x00, 0x01, 0x02])
        try reader.skip(1)
        #expect(throws: ByteReaderError.truncated(offset: 1, needed: 4)) {
            try reader.readUInt32()
        }
        #expect(reader.offset == 1)
        #expect(throws: ByteReaderError.truncated(offset: 1, needed: 8)) {
            try reader.readUInt64()
        }
        #expect(try reader.readUInt16() == 0x0102)
        #expect(throws: ByteReaderError.truncated(offset: 3, needed: 1)) {
            try reader.readUInt8()
        }
        #expect(throws: ByteReaderError.truncated(offset: 3, needed: 1)) {
            try reader.peekUInt8()
        }
        #expect(throws: ByteReaderError.truncated(offset: 3, needed: 5)) {
            try reader.skip(5)
        }
        #expect(throws: ByteReaderError.truncated(offset: 3, needed: 2)) {
            try reader.readBytes(2)
        }
        #expect(try reader.readBytes(0) == [])
    }

    @Test("negative counts throw instead of trapping")
    func negativeCounts() {
        var reader = ByteReader([0x00, 0x01])
        #expect(throws: ByteReaderError.negativeCount(offset: 0, count: -1)) {
            try reader.readBytes(-1)
        }
        #expect(throws: ByteReaderError.negativeCount(offset: 0, count: -3)) {
            try reader.skip(-3)
        }
        #expect(reader.offset == 0)
    }

    @Test("empty input")
    func emptyInput() {
        var reader = ByteReader([])
        #expect(reader.isAtEnd)
        #expect(throws: ByteReaderError.truncated(offset: 0, needed: 2)) {
            try reader.readUInt16()
        }
        #expect(reader.readRemaining().isEmpty)
    }

    @Test("slices keep offsets relative to the slice start")
    func sliceOffsets() throws {
        let storage: [UInt8] = [0xFF, 0xFF, 0x00, 0x03, 0x61, 0x62, 0x63, 0xEE]
        var reader = ByteReader(storage[2..<7])
        #expect(reader.count == 5)
        let length = try reader.readUInt16()
        #expect(length == 3)
        #expect(try reader.readString(count: Int(length)) == "abc")
        #expect(throws: ByteReaderError.truncated(offset: 5, needed: 1)) {
            try reader.readUInt8()
        }
    }

    @Test("sub-readers bound a length-prefixed field")
    func subReader() throws {
        var reader = ByteReader([0x00, 0x02, 0xAA, 0xBB, 0xCC])
        let length = Int(try reader.readUInt16())
        var field = try reader.readSubReader(count: length)
        #expect(field.offset == 0)
        #expect(try field.readUInt8() == 0xAA)
        #expect(try field.readUInt8() == 0xBB)
        #expect(throws: ByteReaderError.truncated(offset: 2, needed: 1)) {
            try field.readUInt8()
        }
        #expect(try reader.readUInt8() == 0xCC)
    }

    @Test("readSlice shares storage and readRemaining drains")
    func slicesAndRemaining() throws {
        var reader = ByteReader([1, 2, 3, 4, 5])
        let slice = try reader.readSlice(2)
        #expect(Array(slice) == [1, 2])
        #expect(Array(reader.readRemaining()) == [3, 4, 5])
        #expect(reader.isAtEnd)
    }

    @Test("error descriptions name the offset")
    func errorDescription() {
        let error = ByteReaderError.truncated(offset: 12, needed: 4)
        #expect(error.description == "truncated input: needed 4 byte(s) at offset 12")
    }
}

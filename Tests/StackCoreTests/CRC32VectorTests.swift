import Testing

@testable import StackCore

@Suite("CRC32 vectors")
struct CRC32VectorTests {
    @Test(
        "known IEEE CRC-32 check values",
        arguments: [
            ("", 0x0000_0000),
            ("a", 0xE8B7_BE43),
            ("abc", 0x3524_41C2),
            ("123456789", 0xCBF4_3926),
            ("The quick brown fox jumps over the lazy dog", 0x414F_A339),
        ] as [(String, UInt32)])
    func knownVectors(input: String, expected: UInt32) {
        #expect(CRC32.checksum(Array(input.utf8)) == expected)
    }

    @Test("incremental updates equal one-shot, at every split point")
    func incremental() {
        let bytes = Array("The quick brown fox jumps over the lazy dog".utf8)
        let whole = CRC32.checksum(bytes)
        for split in 0...bytes.count {
            var crc = CRC32()
            crc.update(bytes[..<split])
            crc.update(bytes[split...])
            #expect(crc.value == whole)
        }
        var byteByByte = CRC32()
        for byte in bytes { byteByByte.update(byte: byte) }
        #expect(byteByByte.value == whole)
    }

    @Test("non-contiguous sequences take the generic path")
    func nonContiguous() {
        let lazy = "123456789".utf8.lazy.map { $0 }
        #expect(CRC32.checksum(lazy) == 0xCBF4_3926)
    }

    @Test("all-zero and all-ones blocks")
    func blocks() {
        // Check values for 32 bytes of 0x00 and of 0xFF (same as zlib.crc32).
        #expect(CRC32.checksum([UInt8](repeating: 0x00, count: 32)) == 0x190A_55AD)
        #expect(CRC32.checksum([UInt8](repeating: 0xFF, count: 32)) == 0xFF6C_AB0B)
    }

    /// The bit-at-a-time CRC-32 straight from the definition, the reference for the tables.
    static func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// Deterministic pseudo-random bytes (a 32-bit LCG).
    static func noise(count: Int, seed: UInt32) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    @Test("slicing-by-8 equals the bitwise definition for every length 0-100 and every alignment")
    func slicingMatchesBitwise() {
        let data = Self.noise(count: 120, seed: 0x1234_5678)
        for start in 0..<8 {
            for length in 0...100 {
                let slice = data[start..<(start + length)]
                let expected = Self.bitwise(Array(slice))
                #expect(CRC32.checksum(slice) == expected, "start \(start), length \(length)")
                #expect(CRC32.checksum(Array(slice)) == expected)
                #expect(slice.withUnsafeBytes { CRC32.checksum($0) } == expected)
                #expect(CRC32.checksum(slice.lazy.map { $0 }) == expected)
            }
        }
    }

    @Test("the raw-buffer form is incremental at every split point")
    func rawBufferIncremental() {
        let bytes = Self.noise(count: 77, seed: 42)
        let whole = Self.bitwise(bytes)
        bytes.withUnsafeBytes { raw in
            for split in 0...raw.count {
                var crc = CRC32()
                crc.update(UnsafeRawBufferPointer(rebasing: raw[..<split]))
                crc.update(UnsafeRawBufferPointer(rebasing: raw[split...]))
                #expect(crc.value == whole, "split \(split)")
            }
        }
        #expect(CRC32.checksum(UnsafeRawBufferPointer(start: nil, count: 0)) == 0)
        var crc = CRC32()
        crc.update(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(crc == CRC32())
    }

    @Test("the first slicing table is the byte table; the others extend it by zero bytes")
    func tables() {
        #expect(CRC32.tables.count == 8 * 256)
        #expect(Array(CRC32.tables[0..<256]) == CRC32.table)
        for k in 1..<8 {
            for index in [0, 1, 0x80, 0xFF] {
                // The raw register after byte `index` then k zero bytes, from an all-zero start.
                var crc = UInt32(index)
                for _ in 0..<(8 * (k + 1)) { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
                #expect(CRC32.tables[k * 256 + index] == crc)
            }
        }
    }

    @Test("long inputs match zlib.crc32")
    func longInputs() {
        // Values from Python's zlib.crc32 over the same patterns.
        let pattern = (0..<1_000_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        #expect(CRC32.checksum(pattern) == 0xAAE5_4D7B)
        let short = (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
        #expect(CRC32.checksum(short) == 0xAD13_D564)
        var pieces = CRC32()
        for chunk in stride(from: 0, to: pattern.count, by: 4099) {
            pieces.update(pattern[chunk..<min(chunk + 4099, pattern.count)])
        }
        #expect(pieces.value == 0xAAE5_4D7B)
    }

    /// RFC 5769 §2.1 sample request: FINGERPRINT = CRC-32(message before it) XOR 0x5354554e
    /// (RFC 8489 §14.7).
    @Test("STUN FINGERPRINT of the RFC 5769 §2.1 sample request")
    func stunFingerprint() {
        let message: [UInt8] = [
            0x00, 0x01, 0x00, 0x58, 0x21, 0x12, 0xA4, 0x42,
            0xB7, 0xE7, 0xA7, 0x01, 0xBC, 0x34, 0xD6, 0x86, 0xFA, 0x87, 0xDF, 0xAE,
            0x80, 0x22, 0x00, 0x10, 0x53, 0x54, 0x55, 0x4E, 0x20, 0x74, 0x65, 0x73,
            0x74, 0x20, 0x63, 0x6C, 0x69, 0x65, 0x6E, 0x74,
            0x00, 0x24, 0x00, 0x04, 0x6E, 0x00, 0x01, 0xFF,
            0x80, 0x29, 0x00, 0x08, 0x93, 0x2F, 0xF9, 0xB1, 0x51, 0x26, 0x3B, 0x36,
            0x00, 0x06, 0x00, 0x09, 0x65, 0x76, 0x74, 0x6A, 0x3A, 0x68, 0x36, 0x76,
            0x59, 0x20, 0x20, 0x20,
            0x00, 0x08, 0x00, 0x14, 0x9A, 0xEA, 0xA7, 0x0C, 0xBF, 0xD8, 0xCB, 0x56,
            0x78, 0x1E, 0xF2, 0xB5, 0xB2, 0xD3, 0xF2, 0x49, 0xC1, 0xB5, 0x71, 0xA2,
        ]
        #expect(CRC32.checksum(message) ^ 0x5354_554E == 0xE57A_3BCF)
    }
}

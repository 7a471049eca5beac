import Testing
@testable import STUN

/// The cached HMAC key schedule of `STUNIntegrityKey` (RFC 2104 with the padded key blocks
/// hashed once): the published HMAC values, key equality on bytes only, safe to share.
@Suite struct STUNIntegrityKeyScheduleTests {
    /// Deterministic bytes for a given length and seed: byte i is `i * 31 + seed * 7 + 3`.
    static func bytes(count: Int, seed: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7 &+ 3) }
    }

    /// A known HMAC: key, data, HMAC-SHA1, HMAC-SHA256 (hex).
    struct Vector: Sendable, CustomStringConvertible {
        var key: [UInt8]
        var data: [UInt8]
        var sha1: String
        var sha256: String
        var description: String { "\(key.count)-byte key, \(data.count)-byte data" }
    }

    /// RFC 2202 §3 and RFC 4231 §4 test cases 1–4, 6 and 7 (HMAC-SHA1 values of the RFC 4231
    /// keys and vice versa computed with Python's `hmac`), then keys at the 64-byte block
    /// boundary (0, 63, 64, 65 bytes over 92 bytes of data, also from Python's `hmac`).
    static let vectors: [Vector] = [
        Vector(key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
               sha1: "b617318655057264e28bc0b6fb378c8ef146be00",
               sha256: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
               sha1: "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
               sha256: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
               sha1: "125d7342b9ac11cd91a39af48aa17b4f63f175d3",
               sha256: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(key: Array(1...25), data: [UInt8](repeating: 0xcd, count: 50),
               sha1: "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
               sha256: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(key: [UInt8](repeating: 0xaa, count: 80),
               data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
               sha1: "aa4ae5e15272d00e95705637ce8a3b55ed402112",
               sha256: "6953025ed96f0c09f80a96f78e6538dbe2e7b820e3dd970e7ddd39091b32352f"),
        Vector(key: [UInt8](repeating: 0xaa, count: 131),
               data: Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                   + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
               sha1: "217e44bb08b6e06a2d6c30f3cb9f537f97c63356",
               sha256: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        Vector(key: bytes(count: 0, seed: 1), data: bytes(count: 92, seed: 2),
               sha1: "3ed4f40dca5b179ba7ed671e28200c028d119fb0",
               sha256: "b69c89963247b79eb078c75d5c1d8ee757e4e2a9c134a4b44c2f2124a1ae0442"),
        Vector(key: bytes(count: 63, seed: 1), data: bytes(count: 92, seed: 2),
               sha1: "708ec41305bf2035ba5fbf23ce3343ad5be0836d",
               sha256: "9e4c9c3f3b80dd4ef1e14e9bb064e049aadd2f59a4db54bc0e92dfdad60bcc79"),
        Vector(key: bytes(count: 64, seed: 1), data: bytes(count: 92, seed: 2),
               sha1: "08457c7556e0222902842e371c720f3ee8f78fb7",
               sha256: "55a51bb3ec25b7f5c6beda3df10e4a79611d9a12526c6314c8976e5e2a7f42f1"),
        Vector(key: bytes(count: 65, seed: 1), data: bytes(count: 92, seed: 2),
               sha1: "7140d76548f553509aafa9a6366e4aff778d3769",
               sha256: "9f82d73cbfeea9842a6dd0f662ba3479f681e0debd045fa7c74b801c78b75d22"),
    ]

    @Test("the cached schedule gives the published HMAC values, at every split of the data",
          arguments: vectors)
    func knownValues(vector: Vector) {
        let key = STUNIntegrityKey(bytes: vector.key)
        let data = vector.data
        for (algorithm, expected) in [(STUNIntegrityAlgorithm.hmacSHA1, vector.sha1), (.hmacSHA256, vector.sha256)] {
            for split in 0...data.count {
                let code = algorithm.authenticationCode(key: key, parts: data[..<split], data[split...])
                #expect(STUNHex.string(code) == expected, "\(algorithm) split at \(split)")
            }
            // Used again, and through a fresh key with the same bytes: the same code.
            #expect(STUNHex.string(algorithm.authenticationCode(key: key, parts: data[...], [][...])) == expected)
            let fresh = STUNIntegrityKey(bytes: vector.key)
            #expect(STUNHex.string(algorithm.authenticationCode(key: fresh, parts: [][...], data[...])) == expected)
        }
    }

    @Test("a short key acts as the key zero-padded to one block (RFC 2104 §2)")
    func zeroPadding() {
        let data = Self.bytes(count: 70, seed: 5)
        for length in [0, 1, 22, 63] {
            let short = Self.bytes(count: length, seed: 4)
            let padded = short + [UInt8](repeating: 0, count: 64 - length)
            for algorithm in STUNIntegrityAlgorithm.allCases {
                #expect(algorithm.authenticationCode(key: STUNIntegrityKey(bytes: short), parts: data[...], [][...])
                    == algorithm.authenticationCode(key: STUNIntegrityKey(bytes: padded), parts: data[...], [][...]))
            }
        }
    }

    @Test("equality and hashing look at the bytes only, used or not")
    func equalityIgnoresCache() {
        let used = STUNIntegrityKey.shortTerm(password: "secret")
        _ = STUNIntegrityAlgorithm.hmacSHA1.authenticationCode(key: used, parts: [1, 2, 3][...], [][...])
        let fresh = STUNIntegrityKey(bytes: Array("secret".utf8))
        #expect(used == fresh)
        #expect(used.hashValue == fresh.hashValue)
        #expect(Set([used, fresh]).count == 1)
        #expect(used != STUNIntegrityKey.shortTerm(password: "Secret"))
        #expect(used.description == "STUNIntegrityKey(6 bytes)")
    }

    @Test("copies share the schedule; a message signed with one verifies with the other and a new key")
    func copiesShareSchedule() throws {
        let key = STUNIntegrityKey.shortTerm(password: "bbbbbbbbbbbbbbbbbbbbbb")
        let copy = key
        #expect(key.schedules === copy.schedules)
        #expect(key.schedules.hmacSHA1(key: key.bytes) === copy.schedules.hmacSHA1(key: copy.bytes))
        #expect(key.schedules.hmacSHA256(key: key.bytes) === key.schedules.hmacSHA256(key: key.bytes))
        let message = STUNMessage(.request, method: .binding, attributes: [.username("a:b"), .priority(1)])
        for integrity in [[STUNIntegrityAlgorithm.hmacSHA1], [.hmacSHA256], [.hmacSHA1, .hmacSHA256]] {
            let bytes = try message.encoded(integrityKey: key, integrity: integrity, fingerprint: true)
            let decoded = try STUNMessage(decoding: bytes)
            try decoded.verifyFingerprint()
            #expect(try decoded.verifyIntegrity(key: copy) == integrity.last)
            #expect(try decoded.verifyIntegrity(key: .shortTerm(password: "bbbbbbbbbbbbbbbbbbbbbb")) == integrity.last)
        }
    }

    @Test("a key longer than a block (hashed first, RFC 2104) signs and verifies")
    func longKey() throws {
        let key = STUNIntegrityKey(bytes: Self.bytes(count: 130, seed: 9))
        let message = STUNMessage(.request, method: .binding, transactionID: STUNTransactionID(high: 1, low: 2),
                                  attributes: [.username("user")])
        for algorithm in STUNIntegrityAlgorithm.allCases {
            let bytes = try message.encoded(integrityKey: key, integrity: [algorithm])
            #expect(try STUNMessage(decoding: bytes).verifyIntegrity(key: key) == algorithm)
            var tampered = bytes
            tampered[tampered.count - 1] ^= 0x01
            #expect(throws: STUNVerificationError.integrityMismatch(algorithm)) {
                try STUNMessage(decoding: tampered).verifyIntegrity(key: key)
            }
        }
    }

    @Test("one key used from many tasks at once gives the same codes")
    func concurrentUse() async {
        let key = STUNIntegrityKey.shortTerm(password: "concurrent-password")
        let message = Self.bytes(count: 80, seed: 3)
        // Computed through a separate key, so the shared one starts with nothing cached.
        let reference = STUNIntegrityKey(bytes: key.bytes)
        let expected1 = STUNIntegrityAlgorithm.hmacSHA1.authenticationCode(key: reference, parts: message[...], [][...])
        let expected256 = STUNIntegrityAlgorithm.hmacSHA256.authenticationCode(
            key: reference, parts: message[...], [][...])
        let results = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<16 {
                group.addTask {
                    var ok = true
                    for round in 0..<50 {
                        let algorithm: STUNIntegrityAlgorithm = (task + round) % 2 == 0 ? .hmacSHA1 : .hmacSHA256
                        let code = algorithm.authenticationCode(key: key, parts: message[...], [][...])
                        ok = ok && code == (algorithm == .hmacSHA1 ? expected1 : expected256)
                    }
                    return ok
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 })
    }
}

import Crypto
import Synchronization

/// HMAC (RFC 2104) with the key's two padded blocks already hashed: `inner` has absorbed
/// `K XOR ipad`, `outer` has absorbed `K XOR opad` (K being the key, hashed first when longer
/// than a block, then zero-padded to the block size).
///
/// Computing a code copies the two hash states and feeds the message and the inner digest, so
/// the key schedule runs once per key instead of once per message. Gives the same codes as
/// swift-crypto's `HMAC<H>`, through the concrete hash types only (no generic code of another
/// module on the path).
struct STUNHMACSchedule<H: HashFunction> {
    /// The hash state after `K XOR 0x36…`.
    let inner: H
    /// The hash state after `K XOR 0x5C…`.
    let outer: H

    /// Hashes the padded blocks of `key`.
    init(key: [UInt8]) {
        let blockSize = H.blockByteCount
        var block = [UInt8](repeating: 0, count: blockSize)
        if key.count > blockSize {
            var hash = H()
            key.withUnsafeBytes { hash.update(bufferPointer: $0) }
            hash.finalize().withUnsafeBytes { digest in
                for (index, byte) in digest.prefix(blockSize).enumerated() { block[index] = byte }
            }
        } else {
            for (index, byte) in key.enumerated() { block[index] = byte }
        }
        var inner = H()
        var outer = H()
        for index in block.indices { block[index] ^= 0x36 }
        block.withUnsafeBytes { inner.update(bufferPointer: $0) }
        for index in block.indices { block[index] ^= 0x36 ^ 0x5C }
        block.withUnsafeBytes { outer.update(bufferPointer: $0) }
        for index in block.indices { block[index] = 0 }
        self.inner = inner
        self.outer = outer
    }

    /// The HMAC of `first` followed by `second`.
    func code(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> H.Digest {
        var inner = self.inner
        inner.update(bufferPointer: first)
        inner.update(bufferPointer: second)
        let innerDigest = inner.finalize()
        var outer = self.outer
        innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }
}

/// An immutable ``STUNHMACSchedule`` on the heap, shared by copies of a key.
///
/// `@unchecked Sendable`: the hash states are never mutated after `init`; computing a code
/// copies them first (swift-crypto's hash values are copy-on-write, and a copy of a shared state
/// is never uniquely referenced, so the shared state is only read).
final class STUNHMACScheduleBox<H: HashFunction>: @unchecked Sendable {
    /// The precomputed states.
    let schedule: STUNHMACSchedule<H>

    /// Hashes the padded blocks of `key`.
    init(key: [UInt8]) {
        schedule = STUNHMACSchedule(key: key)
    }
}

/// The HMAC schedules of one ``STUNIntegrityKey``, each computed the first time it is needed
/// and then kept (lock-free: a race computes twice and keeps the first one stored).
final class STUNIntegrityKeySchedules: Sendable {
    /// HMAC-SHA1, once computed (retained by this object).
    private let sha1 = Atomic<Unmanaged<STUNHMACScheduleBox<Insecure.SHA1>>?>(nil)
    /// HMAC-SHA256, once computed (retained by this object).
    private let sha256 = Atomic<Unmanaged<STUNHMACScheduleBox<SHA256>>?>(nil)

    /// Creates an empty cache.
    init() {}

    deinit {
        sha1.load(ordering: .acquiring)?.release()
        sha256.load(ordering: .acquiring)?.release()
    }

    /// The HMAC-SHA1 schedule of `key` (the bytes of the key owning this cache).
    func hmacSHA1(key: [UInt8]) -> STUNHMACScheduleBox<Insecure.SHA1> {
        Self.load(sha1, key: key)
    }

    /// The HMAC-SHA256 schedule of `key` (the bytes of the key owning this cache).
    func hmacSHA256(key: [UInt8]) -> STUNHMACScheduleBox<SHA256> {
        Self.load(sha256, key: key)
    }

    /// The box stored in `slot`, storing a new one first if there is none.
    private static func load<H>(
        _ slot: borrowing Atomic<Unmanaged<STUNHMACScheduleBox<H>>?>, key: [UInt8]
    ) -> STUNHMACScheduleBox<H> {
        if let stored = slot.load(ordering: .acquiring) { return stored.takeUnretainedValue() }
        let box = STUNHMACScheduleBox<H>(key: key)
        let retained = Unmanaged.passRetained(box)
        let (exchanged, original) = slot.compareExchange(
            expected: nil, desired: retained, ordering: .acquiringAndReleasing)
        if exchanged { return box }
        retained.release()
        // Another thread stored its box first; use that one (same key, same states).
        return original?.takeUnretainedValue() ?? box
    }
}

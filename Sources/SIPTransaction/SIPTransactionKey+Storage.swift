import SIPCore

extension SIPTransactionKey {
    /// A method as a key stores it: a ``SIPTransactionMethodCode`` for the methods this package
    /// knows, else (code 0) the method's bytes, read only while the key is made.
    struct MethodID {
        var code: UInt8
        var bytes: UnsafeBufferPointer<UInt8>

        init(code: UInt8, bytes: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)) {
            self.code = code
            self.bytes = bytes
        }
    }

    /// Branch, sent-by and method of an RFC 3261 key in at most 64 bytes: no allocation, no
    /// reference counting; the hash is computed once.
    struct InlineID: Sendable, Hashable {
        typealias Words = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

        /// The 64 bytes as named words (a tuple member makes copies of the key go through the
        /// runtime's generic tuple copy).
        struct Packed: Sendable {
            var w0, w1, w2, w3, w4, w5, w6, w7: UInt64

            init(_ t: Words) {
                (w0, w1, w2, w3, w4, w5, w6, w7) = t
            }

            var tuple: Words { (w0, w1, w2, w3, w4, w5, w6, w7) }
        }
        static let capacity = 64

        var hash: UInt64
        /// The bytes: branch, sent-by, then the method when `methodCode` is 0; zero padded.
        var words: Packed
        var count: UInt8
        var branchCount: UInt8
        var sentByCount: UInt8
        var methodCode: UInt8

        init(hash: UInt64, words: Words, count: UInt8, branchCount: UInt8, sentByCount: UInt8, methodCode: UInt8) {
            self.hash = hash
            self.words = Packed(words)
            self.count = count
            self.branchCount = branchCount
            self.sentByCount = sentByCount
            self.methodCode = methodCode
        }

        /// Only a hash (the key lives in ``SIPTransactionKey/Boxed``).
        init(hash: UInt64) {
            self.init(hash: hash, words: (0, 0, 0, 0, 0, 0, 0, 0), count: 0, branchCount: 0, sentByCount: 0,
                      methodCode: 0)
        }

        var branchRange: Range<Int> { 0..<Int(branchCount) }
        var sentByRange: Range<Int> { Int(branchCount)..<Int(branchCount) + Int(sentByCount) }
        var methodRange: Range<Int> { Int(branchCount) + Int(sentByCount)..<Int(count) }

        func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            withUnsafeBytes(of: words.tuple) { raw in
                body(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: Int(count)))
            }
        }

        static func == (lhs: InlineID, rhs: InlineID) -> Bool {
            guard lhs.hash == rhs.hash, lhs.count == rhs.count, lhs.branchCount == rhs.branchCount,
                  lhs.sentByCount == rhs.sentByCount, lhs.methodCode == rhs.methodCode else { return false }
            let a = lhs.words, b = rhs.words
            return (a.w0 ^ b.w0) | (a.w1 ^ b.w1) | (a.w2 ^ b.w2) | (a.w3 ^ b.w3)
                | (a.w4 ^ b.w4) | (a.w5 ^ b.w5) | (a.w6 ^ b.w6) | (a.w7 ^ b.w7) == 0
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    /// The same as ``InlineID`` for keys longer than 64 bytes.
    struct SpilledID: Sendable, Hashable {
        var hash: UInt64
        var bytes: [UInt8]
        var branchCount: Int
        var sentByCount: Int
        var methodCode: UInt8

        var branchRange: Range<Int> { 0..<branchCount }
        var sentByRange: Range<Int> { branchCount..<branchCount + sentByCount }
        var methodRange: Range<Int> { branchCount + sentByCount..<bytes.count }

        static func == (lhs: SpilledID, rhs: SpilledID) -> Bool {
            lhs.hash == rhs.hash && lhs.branchCount == rhs.branchCount && lhs.sentByCount == rhs.sentByCount
                && lhs.methodCode == rhs.methodCode && lhs.bytes == rhs.bytes
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    /// Makes an RFC 3261 key: `branch`, then `host` lower-cased (ASCII) with `:port` when
    /// given (the sent-by; empty for client keys), then the method.
    static func make(role: Role, branch: UnsafeBufferPointer<UInt8>, host: UnsafeBufferPointer<UInt8>, port: Int?,
                     method: MethodID) -> SIPTransactionKey {
        var portDigits = 0
        if let port {
            var p = port
            repeat { portDigits += 1; p /= 10 } while p > 0
        }
        let sentByCount = host.count + (port == nil ? 0 : 1 + portDigits)
        let methodCount = method.code == 0 ? method.bytes.count : 0
        let count = branch.count + sentByCount + methodCount
        let seed: UInt64 = (role == .client ? 0x9E37_79B9_7F4A_7C15 : 0xC2B2_AE3D_27D4_EB4F)
            ^ UInt64(branch.count) ^ UInt64(sentByCount) << 16 ^ UInt64(method.code) << 32 ^ UInt64(count) << 40

        func write(_ out: UnsafeMutableRawBufferPointer) {
            var i = 0
            for b in branch { out[i] = b; i += 1 }
            for b in host { out[i] = b >= 65 && b <= 90 ? b | 0x20 : b; i += 1 }
            if let port {
                out[i] = 58
                var p = port
                var j = i + portDigits
                repeat { out[j] = UInt8(48 + p % 10); p /= 10; j -= 1 } while p > 0
                i += 1 + portDigits
            }
            if method.code == 0 { for b in method.bytes { out[i] = b; i += 1 } }
        }

        if count <= InlineID.capacity {
            var words: InlineID.Words = (0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &words) { write($0) }
            var h = seed
            h = mix(h, words.0); h = mix(h, words.1); h = mix(h, words.2); h = mix(h, words.3)
            h = mix(h, words.4); h = mix(h, words.5); h = mix(h, words.6); h = mix(h, words.7)
            return SIPTransactionKey(role: role, storage: .inline(InlineID(
                hash: h, words: words, count: UInt8(count), branchCount: UInt8(branch.count),
                sentByCount: UInt8(sentByCount), methodCode: method.code)))
        }
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.initialize(repeating: 0)
            write(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
        var h = seed
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i + 8 <= raw.count {
                h = mix(h, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < raw.count { tail |= UInt64(raw[i]) << shift; shift += 8; i += 1 }
            h = mix(h, tail)
        }
        return SIPTransactionKey(role: role, storage: .spilled(SpilledID(
            hash: h, bytes: bytes, branchCount: branch.count, sentByCount: sentByCount, methodCode: method.code)))
    }

    @inline(__always)
    private static func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
        let x = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
        return x ^ (x >> 29)
    }
}

/// One-byte codes for the methods this package knows (`SIPMethod.known`, in its order from 1);
/// 0 for any other method. Methods are case-sensitive (RFC 3261 §7.1), so is the match.
enum SIPTransactionMethodCode {
    static let invite: UInt8 = 1
    static let ack: UInt8 = 2
    static let cancel: UInt8 = 4

    /// The methods by code − 1.
    static let known: [SIPMethod] = [
        .invite, .ack, .bye, .cancel, .options, .register, .prack, .subscribe, .notify,
        .publish, .info, .refer, .message, .update,
    ]

    /// The code of the method spelled by `bytes`.
    static func code(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let n = bytes.count
        guard n >= 3, n <= 9 else { return 0 }
        var packed: UInt64 = 0
        for i in 0..<min(n, 8) { packed |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        if n == 9 { return packed == 0x4249_5243_5342_5553 && bytes[8] == 0x45 ? 8 : 0 }  // SUBSCRIBE
        switch packed {
        case 0x0000_4554_4956_4E49: return 1  // INVITE
        case 0x0000_0000_004B_4341: return 2  // ACK
        case 0x0000_0000_0045_5942: return 3  // BYE
        case 0x0000_4C45_434E_4143: return 4  // CANCEL
        case 0x0053_4E4F_4954_504F: return 5  // OPTIONS
        case 0x5245_5453_4947_4552: return 6  // REGISTER
        case 0x0000_004B_4341_5250: return 7  // PRACK
        case 0x0000_5946_4954_4F4E: return 9  // NOTIFY
        case 0x0048_5349_4C42_5550: return 10  // PUBLISH
        case 0x0000_0000_4F46_4E49: return 11  // INFO
        case 0x0000_0052_4546_4552: return 12  // REFER
        case 0x0045_4741_5353_454D: return 13  // MESSAGE
        case 0x0000_4554_4144_5055: return 14  // UPDATE
        default: return 0
        }
    }

    /// The code of `method`.
    static func code(_ method: SIPMethod) -> UInt8 {
        var raw = method.rawValue
        return raw.withUTF8 { code($0) }
    }
}

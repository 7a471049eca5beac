import SIPCore

extension SIPTransactionKey {
    /// What the CSeq byte scan found: the sequence number and the method's range.
    struct CSeqScan {
        var sequence: UInt32
        var method: Range<Int>
    }

    /// The fast scan of a CSeq value's raw bytes (RFC 3261 §20.16) for the common shape
    /// `DIGITS SP+ token`; `nil` means "not the common shape, use the parser". Whatever it
    /// accepts, `SIPCSeq`'s parser accepts with the same number and method.
    static func scanCSeq(_ bytes: UnsafeBufferPointer<UInt8>) -> CSeqScan? {
        let n = bytes.count
        var i = 0
        var sequence: UInt64 = 0
        while i < n, i < 10, bytes[i] >= 48, bytes[i] <= 57 {
            sequence = sequence * 10 + UInt64(bytes[i] - 48)
            i += 1
        }
        guard i > 0, i < n, bytes[i] == 32, sequence <= UInt64(UInt32.max) else { return nil }
        while i < n, bytes[i] == 32 { i += 1 }
        let start = i
        while i < n, isToken(bytes[i]) { i += 1 }
        guard i > start, i == n else { return nil }
        return CSeqScan(sequence: UInt32(sequence), method: start..<i)
    }

    /// Calls `body` with the CSeq method of `message` (RFC 3261 §17.1.3); `nil` without a
    /// CSeq that parses.
    static func withCSeqMethod(_ message: SIPMessage,
                               _ body: (MethodID) -> SIPTransactionKey) -> SIPTransactionKey? {
        guard let value = message.rawFirstValue(.cseq) else { return nil }
        let fast = value.withUnsafeBufferPointer { bytes -> SIPTransactionKey? in
            guard let scan = scanCSeq(bytes) else { return nil }
            let method = UnsafeBufferPointer(rebasing: bytes[scan.method])
            return body(MethodID(code: SIPTransactionMethodCode.code(method), bytes: method))
        }
        if let fast { return fast }
        guard let cseq = message.cseq else { return nil }
        var raw = cseq.method.rawValue
        return raw.withUTF8 { body(MethodID(code: SIPTransactionMethodCode.code($0), bytes: $0)) }
    }

    /// Whether `message` has a CSeq that parses (RFC 3261 §20.16).
    static func hasValidCSeq(_ message: SIPMessage) -> Bool {
        guard let value = message.rawFirstValue(.cseq) else { return false }
        if value.withUnsafeBufferPointer({ scanCSeq($0) }) != nil { return true }
        return message.cseq != nil
    }
}

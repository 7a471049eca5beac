import SIPCore

extension SIPTransactionKey {
    /// The branch and sent-by of a message's top Via (RFC 3261 §20.42), read by a byte scan of
    /// the first Via field for the common shape `SIP/2.0/TRANSPORT host[:port];param=value…`.
    /// Anything else (LWS inside the value, IPv6 references, quoted values, folds) is handed to
    /// the full `SIPVia` parser, so the result is always the parser's answer; the scan only
    /// saves building a `SIPVia` for every message.
    struct TopVia {
        /// The branch parameter, if any.
        var branch: String?
        /// `host` lower-cased, plus `:port` when given.
        var sentBy: String
    }

    /// What the byte scan found, as ranges of the Via value's bytes.
    struct TopViaScan {
        /// The branch parameter's value (possibly empty), if the parameter is present.
        var branch: Range<Int>?
        /// The host (not yet lower-cased).
        var host: Range<Int>
        /// The port, when given.
        var port: Int?
    }

    /// The top Via's branch and sent-by as strings (the scan, or the parser when the scan
    /// declines). The transaction keys read the bytes directly; this is for checks and tests.
    static func topVia(_ message: SIPMessage) -> TopVia? {
        guard let value = message.rawFirstValue(.via) else { return nil }
        let fast = value.withUnsafeBufferPointer { bytes -> TopVia? in
            guard let scan = scanTopVia(bytes) else { return nil }
            var sentBy = String(decoding: UnsafeBufferPointer(rebasing: bytes[scan.host]), as: UTF8.self).lowercased()
            if let port = scan.port { sentBy += ":" + String(port) }
            return TopVia(branch: scan.branch.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) },
                          sentBy: sentBy)
        }
        if let fast { return fast }
        guard let via = parsedTopVia(message) else { return nil }
        return TopVia(branch: via.branch, sentBy: sentBy(via))
    }

    /// The top Via by the full parser.
    static func parsedTopVia(_ message: SIPMessage) -> SIPVia? { message.topVia }

    /// The fast scan of a Via value's raw bytes (folds included: a fold is not the common shape);
    /// `nil` means "not the common shape, use the parser".
    static func scanTopVia(_ bytes: UnsafeBufferPointer<UInt8>) -> TopViaScan? {
        var i = 0
        let n = bytes.count
        // sent-protocol: three tokens separated by '/', no LWS.
        for part in 0..<3 {
            let start = i
            while i < n, isToken(bytes[i]) { i += 1 }
            guard i > start else { return nil }
            if part < 2 {
                guard i < n, bytes[i] == 47 else { return nil }
                i += 1
            }
        }
        guard i < n, bytes[i] == 32 else { return nil }
        while i < n, bytes[i] == 32 { i += 1 }
        // sent-by: host [":" port]; IPv6 references go to the parser.
        let hostStart = i
        while i < n, isHostByte(bytes[i]) { i += 1 }
        guard i > hostStart else { return nil }
        let host = hostStart..<i
        var port: Int?
        if i < n, bytes[i] == 58 {
            i += 1
            let portStart = i
            var value = 0
            while i < n, bytes[i] >= 48, bytes[i] <= 57, i - portStart < 5 {
                value = value * 10 + Int(bytes[i] - 48)
                i += 1
            }
            guard i > portStart, value <= 65535 else { return nil }
            port = value
        }
        // params: *( ";" token [ "=" token ] ), ending at the end or at a ',' (next Via value).
        var branch: Range<Int>?
        while i < n, bytes[i] == 59 {
            i += 1
            let nameStart = i
            while i < n, isToken(bytes[i]) { i += 1 }
            let nameEnd = i
            guard nameEnd > nameStart else { return nil }
            var valueRange = i..<i
            if i < n, bytes[i] == 61 {
                i += 1
                let valueStart = i
                while i < n, isParamValueByte(bytes[i]) { i += 1 }
                guard i > valueStart else { return nil }
                valueRange = valueStart..<i
            }
            if branch == nil, isBranch(bytes, nameStart..<nameEnd) {
                branch = valueRange
            }
        }
        guard i == n || bytes[i] == 44 else { return nil }
        return TopViaScan(branch: branch, host: host, port: port)
    }

    private static func isBranch(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count == 6 else { return false }
        let j = range.lowerBound
        return bytes[j] | 0x20 == 0x62 && bytes[j + 1] | 0x20 == 0x72 && bytes[j + 2] | 0x20 == 0x61
            && bytes[j + 3] | 0x20 == 0x6E && bytes[j + 4] | 0x20 == 0x63 && bytes[j + 5] | 0x20 == 0x68
    }

    /// Whether `b` is an ASCII letter or digit (most bytes of a Via: checked first).
    @inline(__always)
    private static func isAlphanumeric(_ b: UInt8) -> Bool { b &- 48 < 10 || (b | 0x20) &- 97 < 26 }

    /// Whether `b` is in the set of ASCII bytes given as two 64-bit masks.
    @inline(__always)
    private static func isIn(_ b: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
        b < 64 ? (low >> UInt64(b)) & 1 != 0 : b < 128 && (high >> UInt64(b & 63)) & 1 != 0
    }

    /// RFC 3261 §25.1 token characters (alphanum and `-.!%*_+`'~`).
    @inline(__always)
    static func isToken(_ b: UInt8) -> Bool {
        isAlphanumeric(b) || isIn(b, 0x03FF_6CA2_0000_0000, 0x47FF_FFFF_87FF_FFFE)
    }

    /// Characters of a host name or IPv4 address (alphanum, `-`, `.`).
    @inline(__always)
    static func isHostByte(_ b: UInt8) -> Bool { isAlphanumeric(b) || b == 45 || b == 46 }

    /// Characters of a Via parameter value the scan accepts: token characters, `:`, `[` and `]`.
    @inline(__always)
    static func isParamValueByte(_ b: UInt8) -> Bool {
        isAlphanumeric(b) || isIn(b, 0x07FF_6CA2_0000_0000, 0x47FF_FFFF_AFFF_FFFE)
    }
}

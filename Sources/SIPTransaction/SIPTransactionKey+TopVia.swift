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

    static func topVia(_ message: SIPMessage) -> TopVia? {
        guard var value = message.value(.via) else { return nil }
        if let fast = value.withUTF8({ scanTopVia($0) }) { return fast }
        guard let via = message.topVia else { return nil }
        return TopVia(branch: via.branch, sentBy: sentBy(via))
    }

    /// The fast scan; `nil` means "not the common shape, use the parser".
    private static func scanTopVia(_ bytes: UnsafeBufferPointer<UInt8>) -> TopVia? {
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
        var sentBy = String(decoding: UnsafeBufferPointer(rebasing: bytes[hostStart..<i]), as: UTF8.self).lowercased()
        if i < n, bytes[i] == 58 {
            i += 1
            let portStart = i
            var port = 0
            while i < n, bytes[i] >= 48, bytes[i] <= 57, i - portStart < 5 {
                port = port * 10 + Int(bytes[i] - 48)
                i += 1
            }
            guard i > portStart, port <= 65535 else { return nil }
            sentBy += ":" + String(port)
        }
        // params: *( ";" token [ "=" token ] ), ending at the end or at a ',' (next Via value).
        var branch: String?
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
                while i < n, isToken(bytes[i]) || bytes[i] == 58 || bytes[i] == 91 || bytes[i] == 93 { i += 1 }
                guard i > valueStart else { return nil }
                valueRange = valueStart..<i
            }
            if branch == nil, isBranch(bytes, nameStart..<nameEnd) {
                branch = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueRange]), as: UTF8.self)
            }
        }
        guard i == n || bytes[i] == 44 else { return nil }
        return TopVia(branch: branch, sentBy: sentBy)
    }

    private static func isBranch(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count == 6 else { return false }
        var j = range.lowerBound
        for expected in "branch".utf8 {
            guard bytes[j] | 0x20 == expected else { return false }
            j += 1
        }
        return true
    }

    /// RFC 3261 §25.1 token characters.
    private static func isToken(_ b: UInt8) -> Bool {
        switch b {
        case 48...57, 65...90, 97...122: return true
        case 45, 46, 33, 37, 42, 95, 43, 96, 39, 126: return true
        default: return false
        }
    }

    /// Characters of a host name or IPv4 address.
    private static func isHostByte(_ b: UInt8) -> Bool {
        switch b {
        case 48...57, 65...90, 97...122, 45, 46: return true
        default: return false
        }
    }
}

import NIOCore
import SIPCore

/// Byte-level helpers of load mode's hot path: identifiers it writes itself and reads back,
/// and the few header values it copies from responses into ACK and BYE.
enum LoadBytes {
    /// Reads `<slot>.<generation>.` at the start of a Call-ID load mode wrote; nil otherwise.
    static func slotAndGeneration(_ callID: ArraySlice<UInt8>) -> (slot: Int, generation: UInt32)? {
        var index = callID.startIndex
        guard let slot = decimal(callID, &index), index < callID.endIndex, callID[index] == UInt8(ascii: ".") else { return nil }
        index += 1
        guard let generation = decimal(callID, &index), index < callID.endIndex, callID[index] == UInt8(ascii: "."),
              generation <= Int(UInt32.max) else { return nil }
        return (slot, UInt32(generation))
    }

    /// The sequence number and the method's first letter of a CSeq value (`"2 BYE"` → (2, "B")).
    static func cseq(_ value: ArraySlice<UInt8>) -> (number: Int, method: ArraySlice<UInt8>)? {
        var index = value.startIndex
        guard let number = decimal(value, &index) else { return nil }
        while index < value.endIndex, value[index] == 32 || value[index] == 9 { index += 1 }
        guard index < value.endIndex else { return nil }
        return (number, value[index...])
    }

    /// Up to 9 decimal digits from `index` (advanced past them).
    static func decimal(_ bytes: ArraySlice<UInt8>, _ index: inout Int) -> Int? {
        var value = 0
        var digits = 0
        while index < bytes.endIndex, digits < 10 {
            let digit = bytes[index] &- 48
            guard digit < 10 else { break }
            value = value * 10 + Int(digit)
            index += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    /// The URI of a Contact value: between `<` and `>`, or up to the first `;` (RFC 3261 §20.10).
    static func contactURI(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        if let open = value.firstIndex(of: UInt8(ascii: "<")) {
            guard let close = value[open...].firstIndex(of: UInt8(ascii: ">")), close > open + 1 else { return nil }
            return value[(open + 1)..<close]
        }
        let end = value.firstIndex(of: UInt8(ascii: ";")) ?? value.endIndex
        return value.isEmpty || end == value.startIndex ? nil : value[value.startIndex..<end]
    }

    /// Whether a To value has a `tag` parameter (a `;tag=` outside the angle brackets).
    static func hasTag(_ value: ArraySlice<UInt8>) -> Bool {
        let after = value.lastIndex(of: UInt8(ascii: ">")) ?? value.startIndex
        let rest = value[after...]
        guard rest.count >= 5 else { return false }
        var index = rest.startIndex
        while index + 5 <= rest.endIndex {
            if rest[index] == UInt8(ascii: ";"),
               rest[index + 1] | 0x20 == UInt8(ascii: "t"), rest[index + 2] | 0x20 == UInt8(ascii: "a"),
               rest[index + 3] | 0x20 == UInt8(ascii: "g"), rest[index + 4] == UInt8(ascii: "=") {
                return true
            }
            index += 1
        }
        return false
    }

    /// The route set of a UAC dialog: the Record-Route entries of the 2xx, in reverse order
    /// (RFC 3261 §12.1.2). Fields holding several comma-separated entries are split.
    static func reversedRouteSet(_ fields: [String]) -> [String] {
        var entries: [String] = []
        for field in fields { entries.append(contentsOf: splitAddressList(field)) }
        return entries.reversed()
    }

    /// Splits a comma-separated list of name-addr values, ignoring commas inside `<…>` and quotes.
    static func splitAddressList(_ field: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inAngle = false, inQuote = false
        for character in field {
            switch character {
            case "\"" where !inAngle: inQuote.toggle()
            case "<" where !inQuote: inAngle = true
            case ">" where !inQuote: inAngle = false
            case "," where !inAngle && !inQuote:
                let trimmed = current.trimmingWhitespace
                if !trimmed.isEmpty { result.append(trimmed) }
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        let trimmed = current.trimmingWhitespace
        if !trimmed.isEmpty { result.append(trimmed) }
        return result
    }

    /// A 64-bit FNV-1a hash, as 16 hex digits (the answerer's To tag, the same for every
    /// retransmission of one INVITE).
    static func hexHash(_ bytes: ArraySlice<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.utf8.count) + text
    }
}

extension String {
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}

extension ByteBuffer {
    /// Writes `value` in decimal (no allocation: small strings are inline).
    @inline(__always)
    mutating func writeDecimal(_ value: Int) {
        writeString(String(value))
    }

    /// Writes `Name: value\r\n`.
    @inline(__always)
    mutating func writeHeader(_ name: StaticString, _ value: String) {
        writeStaticString(name)
        writeStaticString(": ")
        writeString(value)
        writeStaticString("\r\n")
    }

    /// Writes `Name: <raw bytes>\r\n`.
    @inline(__always)
    mutating func writeHeader(_ name: StaticString, _ value: ArraySlice<UInt8>) {
        writeStaticString(name)
        writeStaticString(": ")
        writeBytes(value)
        writeStaticString("\r\n")
    }
}

/// The SDP offer of the `call` scenario (no media is sent: the port is the discard port).
enum LoadSDP {
    /// An audio offer, PCMU and telephone-event, for `host`.
    static func offer(host: String, session: String) -> [UInt8] {
        let ip = host.contains(":") ? "IP6" : "IP4"
        return Array("""
            v=0\r
            o=sip-conform \(session) 1 IN \(ip) \(host)\r
            s=sip-conform load\r
            c=IN \(ip) \(host)\r
            t=0 0\r
            m=audio 9 RTP/AVP 0 101\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:101 telephone-event/8000\r
            a=sendrecv\r

            """.utf8)
    }
}

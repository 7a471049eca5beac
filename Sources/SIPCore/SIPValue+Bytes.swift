// Writers that put the typed header values (URI, name-addr, Via, CSeq) straight into a byte
// buffer, with no intermediate Strings. Their output is byte for byte what `description`
// returns (the `description`s are implemented with them), so the builder can write a value
// into a message's storage in place.

/// A value that can write its wire form into a byte buffer.
protocol SIPByteWritable {
    /// Appends the value's wire form (exactly the UTF-8 of `description`) to `bytes`.
    func write(to bytes: inout [UInt8])
}

extension SIPByteWritable {
    /// The wire form as a String (for `description`).
    var writtenText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Appends the decimal digits of `value`, with a '-' when negative (as `String(value)`).
    @inline(__always)
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(45) }
        appendDecimal(UInt64(value.magnitude))
    }

    /// Appends the decimal digits of `value` (as `String(value)`).
    mutating func appendDecimal(_ value: UInt64) {
        if value < 10 {
            append(48 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        var digits = 1
        var rest = value
        while rest >= 10 { rest /= 10; digits += 1 }
        let start = count
        append(contentsOf: repeatElement(48, count: digits))
        var x = value
        var i = start + digits - 1
        withUnsafeMutableBufferPointer { p in
            while true {
                p[i] = 48 &+ UInt8(truncatingIfNeeded: x % 10)
                x /= 10
                if x == 0 { break }
                i -= 1
            }
        }
    }
}

extension SIPURI.Scheme: SIPByteWritable {
    func write(to bytes: inout [UInt8]) {
        switch self {
        case .sip: bytes.append(contentsOf: [115, 105, 112])
        case .sips: bytes.append(contentsOf: [115, 105, 112, 115])
        case .tel: bytes.append(contentsOf: [116, 101, 108])
        case .other(let s): bytes.append(contentsOf: s.utf8)
        }
    }
}

extension SIPURI.Host: SIPByteWritable {
    func write(to bytes: inout [UInt8]) {
        switch self {
        case .ipv4(let s), .domain(let s): bytes.append(contentsOf: s.utf8)
        case .ipv6(let s):
            bytes.append(91)
            bytes.append(contentsOf: s.utf8)
            bytes.append(93)
        }
    }
}

extension SIPParameter: SIPByteWritable {
    /// `name=value` or `name`.
    func write(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: name.utf8)
        if let value {
            bytes.append(61)
            bytes.append(contentsOf: value.utf8)
        }
    }
}

extension SIPURI: SIPByteWritable {
    func write(to bytes: inout [UInt8]) {
        scheme.write(to: &bytes)
        bytes.append(58)
        if let opaque {
            bytes.append(contentsOf: opaque.utf8)
            return
        }
        if let user {
            bytes.append(contentsOf: user.utf8)
            if let password {
                bytes.append(58)
                bytes.append(contentsOf: password.utf8)
            }
            if host != nil { bytes.append(64) }
        }
        if let host { host.write(to: &bytes) }
        if let port {
            bytes.append(58)
            bytes.appendDecimal(port)
        }
        for p in parameters {
            bytes.append(59)
            p.write(to: &bytes)
        }
        for (k, h) in headers.enumerated() {
            bytes.append(k == 0 ? 63 : 38)
            bytes.append(contentsOf: h.name.utf8)
            bytes.append(61)
            if let value = h.value { bytes.append(contentsOf: value.utf8) }
        }
    }
}

extension SIPNameAddress: SIPByteWritable {
    /// Always the `name-addr` form: `"display" <uri>;params`.
    func write(to bytes: inout [UInt8]) {
        if let displayName {
            SIPNameAddress.writeQuoted(displayName, to: &bytes)
            bytes.append(32)
        }
        bytes.append(60)
        uri.write(to: &bytes)
        bytes.append(62)
        for p in parameters {
            bytes.append(59)
            p.write(to: &bytes)
        }
    }

    /// Writes `text` as a quoted-string, escaping `"` and `\` (as `quote(_:)`; both are ASCII,
    /// so escaping byte by byte equals escaping character by character).
    static func writeQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(34)
        for b in text.utf8 {
            if b == 34 || b == 92 { bytes.append(92) }
            bytes.append(b)
        }
        bytes.append(34)
    }
}

extension SIPVia: SIPByteWritable {
    /// `SIP/2.0/UDP host:port;params`
    func write(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: protocolName.utf8)
        bytes.append(47)
        bytes.append(contentsOf: protocolVersion.utf8)
        bytes.append(47)
        bytes.append(contentsOf: transport.utf8)
        bytes.append(32)
        host.write(to: &bytes)
        if let port {
            bytes.append(58)
            bytes.appendDecimal(port)
        }
        for p in parameters {
            bytes.append(59)
            p.write(to: &bytes)
        }
    }
}

extension SIPCSeq: SIPByteWritable {
    /// `sequence METHOD`
    func write(to bytes: inout [UInt8]) {
        bytes.appendDecimal(UInt64(sequence))
        bytes.append(32)
        bytes.append(contentsOf: method.rawValue.utf8)
    }
}

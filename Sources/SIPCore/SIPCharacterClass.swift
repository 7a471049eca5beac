/// Character classes of the RFC 3261 §25.1 grammar, as one table of bit flags per octet.
enum SIPCharacterClass {
    static let token: UInt16 = 1 << 0          // alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
    static let whitespace: UInt16 = 1 << 1     // SP / HTAB
    static let digit: UInt16 = 1 << 2
    static let alpha: UInt16 = 1 << 3
    static let unreserved: UInt16 = 1 << 4     // alphanum / mark
    static let hexDigit: UInt16 = 1 << 5
    static let userUnreserved: UInt16 = 1 << 6 // "&" / "=" / "+" / "$" / "," / ";" / "?" / "/"
    static let paramUnreserved: UInt16 = 1 << 7 // "[" / "]" / "/" / ":" / "&" / "+" / "$"
    static let headerUnreserved: UInt16 = 1 << 8 // "[" / "]" / "/" / "?" / ":" / "+" / "$"
    static let passwordExtra: UInt16 = 1 << 9  // "&" / "=" / "+" / "$" / ","
    static let word: UInt16 = 1 << 10          // Call-ID word characters (RFC 3261 §25.1)
    static let lws: UInt16 = 1 << 11           // SP / HTAB / CR / LF (inside an unfolded value)

    /// The flags of every octet.
    static let table: [UInt16] = {
        var t = [UInt16](repeating: 0, count: 256)
        func set(_ chars: String, _ flag: UInt16) { for b in chars.utf8 { t[Int(b)] |= flag } }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(b)] |= digit | hexDigit }
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(b)] |= alpha }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(b)] |= alpha }
        set("abcdefABCDEF", hexDigit)
        for b in 0..<256 where t[b] & (digit | alpha) != 0 { t[b] |= token | unreserved | word }
        set("-.!%*_+`'~", token)
        set("-_.!~*'()", unreserved)
        set("&=+$,;?/", userUnreserved)
        set("[]/:&+$", paramUnreserved)
        set("[]/?:+$", headerUnreserved)
        set("&=+$,", passwordExtra)
        set("-.!%*_+`'~()<>:\\\"/[]?{}", word)
        set(" \t", whitespace)
        set(" \t\r\n", lws)
        return t
    }()

    @inline(__always) static func isToken(_ b: UInt8) -> Bool { table[Int(b)] & token != 0 }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    @inline(__always) static func isLWS(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 }
    @inline(__always) static func has(_ b: UInt8, _ flag: UInt16) -> Bool { table[Int(b)] & flag != 0 }

    /// Whether every byte of `bytes` is a token character and there is at least one.
    static func isToken<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        !bytes.isEmpty && bytes.allSatisfy { isToken($0) }
    }
}

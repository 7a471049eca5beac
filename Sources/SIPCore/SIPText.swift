/// Turns wire bytes into Strings, returning shared constants for the spellings SIP uses most
/// (protocol names, transports, common parameter names and methods) so that reading a typed
/// header allocates and validates as little as possible.
enum SIPText {
    /// The string for `bytes`; a common spelling returns a constant.
    @inline(__always)
    static func string<B: SIPByteCollection>(_ bytes: B) -> String {
        if let common = common(bytes) { return common }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `bytes` spell `literal` exactly (case-sensitive).
    @inline(__always)
    static func equals<B: SIPByteCollection>(_ bytes: B, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        var k = 0
        for b in bytes {
            if b != pointer[k] { return false }
            k += 1
        }
        return true
    }

    /// Whether `bytes` spell `lowercaseLiteral` ignoring ASCII case.
    @inline(__always)
    static func equalsIgnoringCase<B: SIPByteCollection>(_ bytes: B, _ lowercaseLiteral: StaticString) -> Bool {
        guard bytes.count == lowercaseLiteral.utf8CodeUnitCount else { return false }
        let pointer = lowercaseLiteral.utf8Start
        var k = 0
        for b in bytes {
            let lowered = b &- 65 < 26 ? b | 0x20 : b
            if lowered != pointer[k] { return false }
            k += 1
        }
        return true
    }

    /// Whether two strings are equal ignoring ASCII case, without allocating.
    @inline(__always)
    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        for (x, y) in zip(a.utf8, b.utf8) where x != y {
            let lx = x &- 65 < 26 ? x | 0x20 : x, ly = y &- 65 < 26 ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }

    /// Lower-cases ASCII letters, returning the same string when there are none to change.
    static func lowercasedASCII(_ s: String) -> String {
        s.utf8.contains(where: { $0 &- 65 < 26 }) ? s.lowercased() : s
    }

    private static func common<B: SIPByteCollection>(_ bytes: B) -> String? {
        switch bytes.count {
        case 1:
            if equals(bytes, "q") { return "q" }
        case 2:
            if equals(bytes, "lr") { return "lr" }
            if equals(bytes, "WS") { return "WS" }
            if equals(bytes, "id") { return "id" }
        case 3:
            if equals(bytes, "SIP") { return "SIP" }
            if equals(bytes, "2.0") { return "2.0" }
            if equals(bytes, "UDP") { return "UDP" }
            if equals(bytes, "TCP") { return "TCP" }
            if equals(bytes, "TLS") { return "TLS" }
            if equals(bytes, "WSS") { return "WSS" }
            if equals(bytes, "tag") { return "tag" }
            if equals(bytes, "ttl") { return "ttl" }
            if equals(bytes, "udp") { return "udp" }
            if equals(bytes, "tcp") { return "tcp" }
            if equals(bytes, "tls") { return "tls" }
            if equals(bytes, "wss") { return "wss" }
            if equals(bytes, "ACK") { return "ACK" }
            if equals(bytes, "BYE") { return "BYE" }
            if equals(bytes, "sdp") { return "sdp" }
        case 4:
            if equals(bytes, "user") { return "user" }
            if equals(bytes, "SCTP") { return "SCTP" }
            if equals(bytes, "INFO") { return "INFO" }
            if equals(bytes, "text") { return "text" }
        case 5:
            if equals(bytes, "rport") { return "rport" }
            if equals(bytes, "maddr") { return "maddr" }
            if equals(bytes, "phone") { return "phone" }
            if equals(bytes, "PRACK") { return "PRACK" }
            if equals(bytes, "REFER") { return "REFER" }
            if equals(bytes, "nonce") { return "nonce" }
            if equals(bytes, "realm") { return "realm" }
            if equals(bytes, "cause") { return "cause" }
        case 6:
            if equals(bytes, "branch") { return "branch" }
            if equals(bytes, "method") { return "method" }
            if equals(bytes, "INVITE") { return "INVITE" }
            if equals(bytes, "CANCEL") { return "CANCEL" }
            if equals(bytes, "NOTIFY") { return "NOTIFY" }
            if equals(bytes, "UPDATE") { return "UPDATE" }
            if equals(bytes, "Digest") { return "Digest" }
            if equals(bytes, "opaque") { return "opaque" }
        case 7:
            if equals(bytes, "expires") { return "expires" }
            if equals(bytes, "OPTIONS") { return "OPTIONS" }
            if equals(bytes, "MESSAGE") { return "MESSAGE" }
            if equals(bytes, "PUBLISH") { return "PUBLISH" }
        case 8:
            if equals(bytes, "received") { return "received" }
            if equals(bytes, "REGISTER") { return "REGISTER" }
        case 9:
            if equals(bytes, "transport") { return "transport" }
            if equals(bytes, "SUBSCRIBE") { return "SUBSCRIBE" }
        case 11:
            if equals(bytes, "application") { return "application" }
        default:
            break
        }
        return nil
    }
}

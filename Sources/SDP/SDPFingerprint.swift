/// A certificate fingerprint, the value of `a=fingerprint:<hash-func> <fingerprint>`
/// (RFC 8122 §5), e.g. `sha-256 8D:E7:…`. A session may carry several (RFC 8122 §5).
public struct SDPFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The hash function as written (`sha-256`, `SHA-256`, …); compare with `hasHashFunction`.
    public var hashFunction: String
    /// The fingerprint bytes.
    public var bytes: [UInt8]

    /// Creates a fingerprint (RFC 8122 §5).
    public init(hashFunction: String, bytes: [UInt8]) {
        self.hashFunction = hashFunction
        self.bytes = bytes
    }

    /// Parses the value of `a=fingerprint` (RFC 8122 §5): a hash-function token, a space and
    /// colon-separated pairs of hex digits (either case). For the SHA family the byte count
    /// must match the hash length. Nil when it does not follow the grammar.
    public init?(parsing value: some StringProtocol) {
        guard let (function, hexText) = SDPGrammar.splitFirstField(value), SDPGrammar.isToken(function) else { return nil }
        var bytes: [UInt8] = []
        for pair in hexText.utf8.split(separator: 0x3A, omittingEmptySubsequences: false) {
            guard pair.count == 2, let high = SDPGrammar.hexValue(pair[pair.startIndex]),
                  let low = SDPGrammar.hexValue(pair[pair.index(after: pair.startIndex)]) else { return nil }
            bytes.append(high << 4 | low)
        }
        if let expected = Self.length(of: String(function)), expected != bytes.count { return nil }
        hashFunction = String(function)
        self.bytes = bytes
    }

    /// The digest length in bytes of the SHA hash functions RFC 8122 §5 names; nil for others.
    public static func length(of hashFunction: String) -> Int? {
        switch SDPGrammar.lowercased(hashFunction) {
        case "sha-1": 20
        case "sha-224": 28
        case "sha-256": 32
        case "sha-384": 48
        case "sha-512": 64
        default: nil
        }
    }

    /// True when the hash function is `name` (ASCII case-insensitive, RFC 8122 §5).
    public func hasHashFunction(_ name: String) -> Bool {
        SDPGrammar.equalsIgnoringCase(hashFunction, name)
    }

    /// The fingerprint as upper-case hex pairs joined by colons.
    public var hexString: String { bytes.map(SDPGrammar.hex).joined(separator: ":") }

    /// The value of `a=fingerprint`.
    public var description: String { hashFunction + " " + hexString }
}

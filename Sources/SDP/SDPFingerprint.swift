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
        guard let fingerprint = SDPGrammar.withBytes(value, { SDPFingerprint(bytes: $0) }) else { return nil }
        self = fingerprint
    }

    /// Parses the bytes of an `a=fingerprint` value.
    init?(bytes value: UnsafeBufferPointer<UInt8>) {
        guard let (function, hexText, count) = Self.scan(value) else { return nil }
        hashFunction = function.string
        bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var index = 0
            while index < count {
                let high = SDPGrammar.hexValue(hexText[3 * index]) ?? 0
                let low = SDPGrammar.hexValue(hexText[3 * index + 1]) ?? 0
                buffer[index] = high << 4 | low
                index += 1
            }
            initialized = count
        }
    }

    /// True when the bytes are a valid `a=fingerprint` value.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { scan(bytes) != nil }

    /// The hash function, the hex text and its byte count: `XX(:XX)*` with hex digits, of the
    /// hash's length for the SHA family.
    private static func scan(_ value: UnsafeBufferPointer<UInt8>)
        -> (function: UnsafeBufferPointer<UInt8>, hex: UnsafeBufferPointer<UInt8>, count: Int)? {
        guard let (function, hexText) = value.splitFirstField(), function.isToken,
              hexText.count % 3 == 2 else { return nil }
        var index = 0
        while index < hexText.count {
            guard SDPByteSet.hexDigit.contains(hexText[index]), SDPByteSet.hexDigit.contains(hexText[index + 1]),
                  index + 2 == hexText.count || hexText[index + 2] == 0x3A else { return nil }
            index += 3
        }
        let count = (hexText.count + 1) / 3
        if let expected = length(of: function), expected != count { return nil }
        return (function, hexText, count)
    }

    /// The digest length in bytes of the SHA hash functions RFC 8122 §5 names; nil for others.
    public static func length(of hashFunction: String) -> Int? {
        SDPGrammar.withBytes(hashFunction) { length(of: $0) }
    }

    private static func length(of function: UnsafeBufferPointer<UInt8>) -> Int? {
        if function.equalsIgnoringCase("sha-1") { return 20 }
        if function.equalsIgnoringCase("sha-224") { return 28 }
        if function.equalsIgnoringCase("sha-256") { return 32 }
        if function.equalsIgnoringCase("sha-384") { return 48 }
        if function.equalsIgnoringCase("sha-512") { return 64 }
        return nil
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

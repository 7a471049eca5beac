/// A certificate fingerprint as carried in SDP `a=fingerprint` (RFC 8122 §5, RFC 5763 §5).
///
/// `algorithm` is the lower-case hash function name of the IANA "Hash Function Textual Names"
/// registry ("sha-256"); `bytes` is the digest of the certificate's DER encoding.
public struct DTLSFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// Lower-case hash name as in SDP: "sha-256", "sha-1", "sha-384", "sha-512", …
    public var algorithm: String
    /// The digest of the DER-encoded certificate.
    public var bytes: [UInt8]

    /// Creates a fingerprint; `algorithm` is stored lower-cased.
    public init(algorithm: String, bytes: [UInt8]) {
        self.algorithm = algorithm.lowercased()
        self.bytes = bytes
    }

    /// Parses the fingerprint part of `a=fingerprint:<algorithm> <value>` (RFC 8122 §5:
    /// upper-case hex pairs joined by ":", accepted here in either case).
    ///
    /// Returns nil when the value is empty, is not colon-separated pairs of hex digits, or has
    /// a length the named hash cannot produce (sha-1 20, sha-224 28, sha-256 32, sha-384 48,
    /// sha-512 64 bytes).
    public init?(algorithm: String, sdpValue: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        var utf8 = sdpValue.utf8.makeIterator()
        while true {
            guard let high = utf8.next().flatMap(Self.hexValue), let low = utf8.next().flatMap(Self.hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
            guard let separator = utf8.next() else { break }
            guard separator == UInt8(ascii: ":") else { return nil }
        }
        let name = algorithm.lowercased()
        if let expected = DTLSDigest.length(of: name), expected != bytes.count { return nil }
        self.init(algorithm: name, bytes: bytes)
    }

    /// The SDP form of the digest: upper-case hex pairs joined by ":" (RFC 8122 §5).
    public var sdpValue: String {
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 3)
        for (index, byte) in bytes.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ":")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The `a=fingerprint` attribute value: "<algorithm> <sdpValue>".
    public var description: String { "\(algorithm) \(sdpValue)" }

    /// The value of one ASCII hex digit, or nil.
    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

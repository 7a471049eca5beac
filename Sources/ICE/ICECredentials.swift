/// The ICE username fragment and password of one side (RFC 8445 §5.3, RFC 8839 §5.4):
/// ufrag 4–256 and pwd 22–256 ice-chars (`ALPHA / DIGIT / "+" / "/"`).
public struct ICECredentials: Sendable, Hashable {
    /// The username fragment.
    public var ufrag: String
    /// The password.
    public var password: String

    /// Creates credentials from given values.
    public init(ufrag: String, password: String) {
        self.ufrag = ufrag
        self.password = password
    }

    /// Fresh random credentials: an 8-character ufrag and a 24-character password, both from
    /// the ice-char alphabet (more than the 24 and 128 bits of randomness RFC 8445 asks for).
    public static func random() -> ICECredentials {
        var generator = SystemRandomNumberGenerator()
        return ICECredentials(ufrag: randomICEChars(8, using: &generator),
                              password: randomICEChars(24, using: &generator))
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    static func randomICEChars<G: RandomNumberGenerator>(_ count: Int, using generator: inout G) -> String {
        String((0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    /// Whether `text` is 1–256 ice-chars (`count` bounds checked by the caller per field).
    public static func isICEChars(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 256 && text.utf8.allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
        }
    }
}

/// A STUN message: class, method, 96-bit transaction ID and an ordered attribute list
/// (RFC 8489 §5, §14).
///
/// A value type. Decoding (`STUNMessage+Decoding.swift`) keeps every attribute in order,
/// unknown ones included, and remembers the received bytes so that ``verifyIntegrity(key:)``
/// and ``verifyFingerprint()`` check exactly what was sent (padding bytes included); changing
/// any property forgets them, and verification then covers the message as re-encoded.
/// Encoding (`STUNMessage+Encoding.swift`) writes the attributes in order and can append
/// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT computed on the spot.
///
/// ```swift
/// let request = STUNMessage(.request, method: .binding, attributes: [
///     .username("\(remoteUfrag):\(localUfrag)"), .priority(priority), .iceControlling(tiebreaker),
/// ])
/// let datagram = try request.encoded(integrityKey: .shortTerm(password: remotePassword),
///                                    fingerprint: true)
/// // …
/// let response = try STUNMessage(decoding: received)
/// try response.verifyFingerprint()
/// try response.verifyIntegrity(key: .shortTerm(password: remotePassword))
/// let mapped = response.xorMappedAddress
/// ```
///
/// Equality and hashing compare class, method, transaction ID and attributes, not the
/// remembered bytes.
public struct STUNMessage: Sendable, Hashable {
    /// The magic cookie 0x2112A442 every RFC 5389/8489 message carries (RFC 8489 §5).
    public static let magicCookie: UInt32 = 0x2112_A442

    /// The value XOR-ed into the CRC-32 of FINGERPRINT, "STUN" in ASCII (RFC 8489 §14.7).
    public static let fingerprintXOR: UInt32 = 0x5354_554E

    /// The message class.
    public var messageClass: STUNMessageClass { didSet { received = nil } }
    /// The method.
    public var method: STUNMethod { didSet { received = nil } }
    /// The transaction ID.
    public var transactionID: STUNTransactionID { didSet { received = nil } }
    /// Every attribute in wire order, duplicates and unknown types included.
    ///
    /// Receivers should read through ``significantAttributes`` or the typed accessors, which
    /// skip what RFC 8489 §14.5–§14.7 say to ignore after the integrity attributes.
    public var attributes: [STUNAttribute] { didSet { received = nil } }

    /// The bytes this message was decoded from and where its integrity and fingerprint
    /// attributes are; `nil` once built or changed.
    var received: STUNReceivedWire?

    /// Creates a message; a request gets a fresh random transaction ID unless one is given.
    public init(
        _ messageClass: STUNMessageClass, method: STUNMethod,
        transactionID: STUNTransactionID = .random(), attributes: [STUNAttribute] = []
    ) {
        self.messageClass = messageClass
        self.method = method
        self.transactionID = transactionID
        self.attributes = attributes
        self.received = nil
    }

    /// The bytes the message was decoded from, while it is unchanged; `nil` for a built message.
    public var receivedBytes: ArraySlice<UInt8>? { received?.bytes }

    /// Compares class, method, transaction ID and attributes.
    public static func == (lhs: STUNMessage, rhs: STUNMessage) -> Bool {
        lhs.messageClass == rhs.messageClass && lhs.method == rhs.method
            && lhs.transactionID == rhs.transactionID && lhs.attributes == rhs.attributes
    }

    /// Hashes class, method, transaction ID and attributes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(messageClass)
        hasher.combine(method)
        hasher.combine(transactionID)
        hasher.combine(attributes)
    }
}

extension STUNMessage: CustomStringConvertible {
    /// `Binding request 0123…: USERNAME, PRIORITY, …`.
    public var description: String {
        var text = "\(method) \(messageClass) \(transactionID)"
        if !attributes.isEmpty {
            text += ": " + attributes.map { $0.type.description }.joined(separator: ", ")
        }
        return text
    }
}

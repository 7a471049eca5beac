import SIPCore

/// The identifier of a dialog (RFC 3261 §12): its Call-ID, local tag and remote tag.
///
/// The local tag is the tag this user agent put in its From (as UAC) or To (as UAS); the remote
/// tag is the peer's. The same dialog therefore has mirrored identifiers at its two ends.
public struct SIPDialogID: Sendable, Hashable, CustomStringConvertible {
    /// The Call-ID, compared byte for byte (RFC 3261 §20.8).
    public var callID: String
    /// The tag this user agent chose.
    public var localTag: String
    /// The tag the peer chose.
    public var remoteTag: String

    /// Creates an identifier.
    public init(callID: String, localTag: String, remoteTag: String) {
        self.callID = callID
        self.localTag = localTag
        self.remoteTag = remoteTag
    }

    /// The identifier of the dialog a received message belongs to (RFC 3261 §12.2.2): for a
    /// request the local tag is the To tag and the remote tag the From tag; for a response to
    /// one of our requests it is the other way round. Nil when the Call-ID or a tag is missing.
    public init?(incoming message: SIPMessage) {
        guard let callID = message.callID, let fromTag = message.from?.tag, let toTag = message.to?.tag,
              !fromTag.isEmpty, !toTag.isEmpty else { return nil }
        if message.isRequest {
            self.init(callID: callID, localTag: toTag, remoteTag: fromTag)
        } else {
            self.init(callID: callID, localTag: fromTag, remoteTag: toTag)
        }
    }

    /// Whether `other` names the same dialog: equal Call-IDs (case-sensitive, §20.8) and tags
    /// compared case-insensitively (§7.3.1: parameter values are case-insensitive unless a
    /// header's definition says otherwise, and §19.3 does not).
    public func isSame(as other: SIPDialogID) -> Bool {
        callID == other.callID && Self.equalsIgnoringASCIICase(localTag, other.localTag)
            && Self.equalsIgnoringASCIICase(remoteTag, other.remoteTag)
    }

    /// `call-id;local=…;remote=…`, for logs.
    public var description: String { "\(callID);local=\(localTag);remote=\(remoteTag)" }

    static func equalsIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { x, y in
            x == y || ((x | 0x20) == (y | 0x20) && (x | 0x20) >= 97 && (x | 0x20) <= 122)
        }
    }
}

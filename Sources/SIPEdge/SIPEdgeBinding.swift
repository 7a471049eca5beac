import SIPCore
import SIPTransaction
import StackCore

/// One registered contact of an address of record (RFC 3261 §10.3): where requests for the
/// user go, until when, and over which flow they must be sent (a WebSocket client's Contact is
/// an unreachable `.invalid` host, so the edge answers on the connection the REGISTER came in
/// on, as RFC 7118 §5 and RFC 5626 describe).
public struct SIPEdgeBinding: Sendable, Hashable {
    /// The Contact as registered (its URI and parameters, `expires` removed).
    public var contact: SIPNameAddress
    /// When the binding lapses.
    public var expiresAt: StackInstant
    /// Where the REGISTER came from: the flow requests for this contact go back over.
    public var source: SIPTransactionDestination
    /// The Call-ID and CSeq of the REGISTER that last refreshed it (§10.3 step 7).
    public var callID: String
    /// The CSeq of that REGISTER.
    public var cseq: UInt32

    /// A binding.
    public init(contact: SIPNameAddress, expiresAt: StackInstant, source: SIPTransactionDestination, callID: String, cseq: UInt32) {
        self.contact = contact
        self.expiresAt = expiresAt
        self.source = source
        self.callID = callID
        self.cseq = cseq
    }

    /// Seconds left at `now` (0 once lapsed).
    public func remaining(at now: StackInstant) -> Int {
        max(0, Int(now.duration(to: expiresAt).components.seconds))
    }
}

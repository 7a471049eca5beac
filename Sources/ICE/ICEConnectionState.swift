/// The agent's overall state, as WebRTC names it (`RTCIceConnectionState` subset).
public enum ICEConnectionState: String, Sendable, Hashable {
    /// Nothing to check yet.
    case new
    /// Checks are running.
    case checking
    /// A pair is selected and consent is fresh (RFC 7675).
    case connected
    /// Consent checks went unanswered for a while; it may recover.
    case disconnected
    /// Every pair failed, or consent expired (30 s without an answer).
    case failed
    /// Closed by the owner.
    case closed
}

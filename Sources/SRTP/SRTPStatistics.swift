/// Running counts of what one `SRTPSession` did (RFC 3711 §3.3 and §3.4 outcomes).
///
/// Failed packets are counted here and reported by the thrown `SRTPError`; the caller drops
/// the packet.
public struct SRTPStatistics: Sendable, Hashable {
    /// RTP packets protected.
    public var protectedRTP = 0
    /// RTCP packets protected.
    public var protectedRTCP = 0
    /// RTP packets that authenticated and were decrypted.
    public var unprotectedRTP = 0
    /// RTCP packets that authenticated and were decrypted.
    public var unprotectedRTCP = 0
    /// Packets whose authentication tag did not verify (RFC 3711 §3.3 step 5).
    public var authenticationFailures = 0
    /// Packets refused by the replay check (RFC 3711 §3.3.2), or, outbound, a sequence
    /// number protected twice.
    public var replayDrops = 0
    /// Packets refused for any other reason: too short, no room, another libsrtp error.
    public var otherFailures = 0

    /// All counters zero.
    public init() {}
}

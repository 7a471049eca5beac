import SIPCore
import SIPTransaction

/// The fixed parts of the calls of one user agent: who calls, the Contact and Via it sends,
/// the transport's reliability and the call timers.
public struct SIPCallConfiguration: Sendable {
    /// Our address of record (From of outgoing calls), e.g. `sip:alice@example.com`.
    public var localAddress: SIPNameAddress
    /// The Contact URI of our INVITEs and of our 18x/2xx answers (the remote target the peer
    /// sends in-dialog requests to, RFC 3261 §12.1).
    public var contact: SIPURI
    /// The Via of every request, without a branch (the transaction layer adds one).
    public var via: SIPVia
    /// The User-Agent value, or nil for none.
    public var userAgent: String?
    /// Methods for Allow on INVITE and 2xx.
    public var allow: [SIPMethod]
    /// Option tags for Supported on INVITE and 2xx.
    public var supported: [String]
    /// Whether the transport toward the peer is reliable (TCP, TLS, WebSocket): then no 2xx is
    /// retransmitted by the call (RFC 3261 §13.3.1.4).
    public var reliableTransport: Bool
    /// T1/T2 for the 2xx retransmission and the ACK wait.
    public var timers: SIPTimerValues
    /// How long an incoming call rings before it is answered 408 (JsSIP: 60 s).
    public var noAnswerTimeout: Duration
    /// The pause between two DTMF INFO requests (JsSIP: 500 ms).
    public var dtmfGap: Duration
    /// Credentials for a 401/407 challenge to our INVITE (RFC 3261 §22.2, §22.3); nil fails the
    /// call with `Authentication Error` when challenged.
    public var credentials: SIPDigestCredentials?

    /// Creates a configuration with JsSIP's defaults.
    public init(localAddress: SIPNameAddress, contact: SIPURI, via: SIPVia, userAgent: String? = nil,
                allow: [SIPMethod] = SIPUserAgentRequestResponder.defaultAllow, supported: [String] = ["outbound"],
                reliableTransport: Bool, timers: SIPTimerValues = .rfc3261, noAnswerTimeout: Duration = .seconds(60),
                dtmfGap: Duration = .milliseconds(500), credentials: SIPDigestCredentials? = nil) {
        self.localAddress = localAddress
        self.contact = contact
        self.via = via
        self.userAgent = userAgent
        self.allow = allow
        self.supported = supported
        self.reliableTransport = reliableTransport
        self.timers = timers
        self.noAnswerTimeout = noAnswerTimeout
        self.dtmfGap = dtmfGap
        self.credentials = credentials
    }
}

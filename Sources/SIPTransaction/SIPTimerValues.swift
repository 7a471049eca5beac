/// The base timer values T1, T2 and T4 and every transaction timer derived from them
/// (RFC 3261 §17 and Table 4 in Appendix A; Timers L and M from RFC 6026 §8.4 and §8.7).
///
/// All durations a transaction state machine arms come from here. The defaults are the RFC's:
/// T1 = 500 ms (round-trip estimate), T2 = 4 s (maximum retransmit interval for non-INVITE
/// requests and INVITE responses), T4 = 5 s (maximum time a message stays in the network).
public struct SIPTimerValues: Sendable, Hashable {
    /// RTT estimate (RFC 3261 §17.1.1.1); 500 ms by default.
    public var t1: Duration
    /// Maximum retransmit interval for non-INVITE requests and INVITE responses (RFC 3261 §17.1.2.2); 4 s by default.
    public var t2: Duration
    /// Maximum duration a message remains in the network (RFC 3261 §17.1.2.2); 5 s by default.
    public var t4: Duration
    /// How long an INVITE server transaction waits for the TU before sending `100 Trying`
    /// itself (RFC 3261 §17.2.1: 200 ms).
    public var provisionalDelay: Duration

    /// Creates timer values; the defaults are those of RFC 3261 Table 4.
    public init(t1: Duration = .milliseconds(500), t2: Duration = .seconds(4), t4: Duration = .seconds(5),
                provisionalDelay: Duration = .milliseconds(200)) {
        self.t1 = t1
        self.t2 = t2
        self.t4 = t4
        self.provisionalDelay = provisionalDelay
    }

    /// The RFC 3261 defaults (T1 = 500 ms, T2 = 4 s, T4 = 5 s).
    public static let rfc3261 = SIPTimerValues()

    /// 64·T1: Timers B, F, H, J (unreliable), L and M (RFC 3261 Table 4, RFC 6026 §8).
    public var transactionTimeout: Duration { t1 * 64 }

    /// The first duration `timer` is armed with on a reliable or unreliable transport
    /// (RFC 3261 Table 4). `.zero` means "fires at once": the state machines then move on
    /// without arming it. A, E and G are retransmission timers and are never armed on a
    /// reliable transport; this function still answers T1 for them.
    public func initial(_ timer: SIPTransactionTimer, reliable: Bool) -> Duration {
        switch timer {
        case .a, .e, .g: return t1
        case .b, .f, .h, .l, .m: return transactionTimeout
        case .d: return reliable ? .zero : max(.seconds(32), transactionTimeout)
        case .i, .k: return reliable ? .zero : t4
        case .j: return reliable ? .zero : transactionTimeout
        case .provisional: return provisionalDelay
        }
    }

    /// The interval after a retransmission timer that was armed with `interval` fired
    /// (RFC 3261 §17.1.1.2: A doubles without limit; §17.1.2.2 and §17.2.1: E and G double up
    /// to T2). Other timers are one-shot and return `interval` unchanged.
    public func next(_ timer: SIPTransactionTimer, after interval: Duration) -> Duration {
        switch timer {
        case .a: return interval * 2
        case .e, .g: return min(interval * 2, t2)
        default: return interval
        }
    }
}

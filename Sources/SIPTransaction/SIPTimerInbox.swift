import Synchronization

/// Timer firings delivered by the clock and not yet handled by ``SIPTransactionLayer``, in
/// firing (deadline) order. The clock's driver pushes; the actor drains.
final class SIPTimerInbox: Sendable {
    /// One firing: which timer of which transaction, which arming, and its deadline (the base
    /// for re-arming, so retransmission schedules stay exact however late the actor runs).
    struct Firing: Sendable {
        let key: SIPTransactionKey
        let timer: SIPTransactionTimer
        let generation: UInt64
        /// The deadline in the clock's nanoseconds.
        let deadline: Int64
    }

    private let firings = Mutex<[Firing]>([])

    /// Adds a firing.
    func push(_ firing: Firing) {
        firings.withLock { $0.append(firing) }
    }

    /// Removes and returns every pending firing, oldest first.
    func takeAll() -> [Firing] {
        firings.withLock { pending in
            let taken = pending
            pending.removeAll(keepingCapacity: true)
            return taken
        }
    }
}

import StackCore

/// Starts calls at a steady rate, like SIPp's `-r`: the n-th call (from 0) is due at
/// `start + n / rate`, so starts are spread over each second instead of sent in bursts, and a
/// late tick catches up on what fell due meanwhile. At most `concurrency` calls are open at once;
/// calls held back by that limit start as soon as calls end.
public struct LoadPacer: Sendable {
    /// Calls per second.
    public let rate: Double
    /// Calls in all.
    public let total: Int
    /// Most calls open at once.
    public let concurrency: Int
    /// When the first call was due.
    public let start: StackInstant
    /// Calls started so far.
    public private(set) var started = 0

    /// Creates a pacer whose first call is due at `start`.
    public init(rate: Double, total: Int, concurrency: Int, start: StackInstant) {
        self.rate = rate
        self.total = total
        self.concurrency = concurrency
        self.start = start
    }

    /// How many calls should have started by `now` (the pacing alone, no concurrency limit).
    public func due(at now: StackInstant) -> Int {
        let elapsed = now.nanoseconds - start.nanoseconds
        guard elapsed >= 0 else { return 0 }
        let due = (Double(elapsed) * rate / 1e9).rounded(.down) + 1
        return due >= Double(total) ? total : Int(due)
    }

    /// How many calls to start now, with `open` calls in progress; counts them as started.
    public mutating func take(at now: StackInstant, open: Int) -> Int {
        let allowed = max(0, min(due(at: now) - started, concurrency - open))
        started += allowed
        return allowed
    }

    /// Whether every call has been started.
    public var isFinished: Bool { started >= total }

    /// When the next call is due (nil once all have started).
    public var nextDeadline: StackInstant? {
        guard started < total else { return nil }
        let offset = Int64((Double(started) * 1e9 / rate).rounded(.up))
        return StackInstant(nanoseconds: start.nanoseconds &+ offset)
    }
}

/// A first-in first-out queue of deadlines that all share one interval, so they arrive in
/// deadline order: retransmission timers (one queue per interval: 500 ms, 1 s, 2 s, 4 s…),
/// hold timers and transaction timeouts, each push and pop O(1) with no heap. Entries are not
/// removed when their call moves on: each carries the serial number its call had, and a popped
/// entry whose serial is stale is skipped by the owner.
public struct LoadTimerQueue: Sendable {
    /// One pending deadline.
    public struct Entry: Sendable, Equatable {
        /// When it fires, in nanoseconds of the run's clock.
        public var deadline: Int64
        /// The call slot.
        public var slot: Int32
        /// The slot's serial when the timer was set.
        public var serial: UInt32

        /// Creates an entry.
        public init(deadline: Int64, slot: Int32, serial: UInt32) {
            self.deadline = deadline
            self.slot = slot
            self.serial = serial
        }
    }

    /// The interval every entry was set with.
    public let interval: Int64
    private var entries: [Entry] = []
    private var head = 0

    /// Creates an empty queue for timers of `interval` nanoseconds.
    public init(interval: Int64) {
        self.interval = interval
    }

    /// Adds a timer set at `now` (it fires at `now + interval`). `now` must not go back in time
    /// between pushes (the run's monotonic clock guarantees it).
    public mutating func push(now: Int64, slot: Int32, serial: UInt32) {
        entries.append(Entry(deadline: now &+ interval, slot: slot, serial: serial))
    }

    /// Removes and returns the first entry due at `now`, or nil.
    public mutating func popDue(now: Int64) -> Entry? {
        guard head < entries.count, entries[head].deadline <= now else {
            if head > 0, head == entries.count {
                entries.removeAll(keepingCapacity: true)
                head = 0
            }
            return nil
        }
        let entry = entries[head]
        head += 1
        if head >= 4096, head * 2 >= entries.count {
            entries.removeFirst(head)
            head = 0
        }
        return entry
    }

    /// Entries not yet popped (stale ones included).
    public var count: Int { entries.count - head }
}

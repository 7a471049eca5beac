/// Identifies one piece of work scheduled on a ``StackClock``, for ``StackClock/cancelWork(_:)``.
///
/// Identifiers increase in scheduling order on a given clock; ties between equal deadlines are
/// broken by this order.
public struct ScheduledWorkID: Sendable, Hashable, Comparable {
    /// The clock-local sequence number.
    public let rawValue: UInt64

    /// Wraps a clock-local sequence number.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Orders identifiers by scheduling order.
    public static func < (lhs: ScheduledWorkID, rhs: ScheduledWorkID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

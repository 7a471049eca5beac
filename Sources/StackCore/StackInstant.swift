/// A point on a ``StackClock``'s monotonic timeline, in nanoseconds since the clock's origin.
///
/// Instants from the same clock compare and subtract; arithmetic with `Duration` saturates
/// instead of trapping. A ``TestClock`` starts at ``zero`` unless told otherwise.
public struct StackInstant: Sendable, Hashable, Comparable, InstantProtocol,
    CustomStringConvertible
{
    /// Nanoseconds since the clock's origin.
    public var nanoseconds: Int64

    /// Creates an instant `nanoseconds` after the clock's origin.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// The clock's origin.
    public static let zero = StackInstant(nanoseconds: 0)

    /// Returns the instant `duration` later (earlier when negative), saturating at the ends.
    public func advanced(by duration: Duration) -> StackInstant {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(duration.saturatingNanoseconds)
        if overflow {
            return StackInstant(nanoseconds: duration < .zero ? .min : .max)
        }
        return StackInstant(nanoseconds: sum)
    }

    /// Returns the duration from this instant to `other` (negative when `other` is earlier).
    public func duration(to other: StackInstant) -> Duration {
        let (difference, overflow) = other.nanoseconds.subtractingReportingOverflow(nanoseconds)
        if overflow {
            return .nanoseconds(other.nanoseconds < nanoseconds ? Int64.min : Int64.max)
        }
        return .nanoseconds(difference)
    }

    /// Orders instants by time.
    public static func < (lhs: StackInstant, rhs: StackInstant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// The instant `rhs` after `lhs`.
    public static func + (lhs: StackInstant, rhs: Duration) -> StackInstant {
        lhs.advanced(by: rhs)
    }

    /// The instant `rhs` before `lhs`.
    public static func - (lhs: StackInstant, rhs: Duration) -> StackInstant {
        lhs.advanced(by: .zero - rhs)
    }

    /// The duration from `rhs` to `lhs`.
    public static func - (lhs: StackInstant, rhs: StackInstant) -> Duration {
        rhs.duration(to: lhs)
    }

    /// Moves `lhs` later by `rhs`.
    public static func += (lhs: inout StackInstant, rhs: Duration) {
        lhs = lhs.advanced(by: rhs)
    }

    /// Moves `lhs` earlier by `rhs`.
    public static func -= (lhs: inout StackInstant, rhs: Duration) {
        lhs = lhs - rhs
    }

    /// The instant as seconds with nanosecond precision, e.g. `"1.500000000s"`.
    public var description: String {
        let sign = nanoseconds < 0 ? "-" : ""
        let magnitude = nanoseconds.magnitude
        let fraction = String(magnitude % 1_000_000_000)
        let padded = String(repeating: "0", count: 9 - fraction.count) + fraction
        return "\(sign)\(magnitude / 1_000_000_000).\(padded)s"
    }
}

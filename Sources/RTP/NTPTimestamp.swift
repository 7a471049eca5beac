/// A 64-bit NTP timestamp: seconds since 1 January 1900 in the high 32 bits, the binary
/// fraction of a second in the low 32 (RFC 3550 §4, RFC 5905 §6).
///
/// Pure arithmetic: the caller passes the time in. Seconds wrap every 2^32 s (era 1 starts in
/// February 2036), as on the wire.
public struct NTPTimestamp: Sendable, Hashable, CustomStringConvertible {
    /// The Unix epoch (1970-01-01) measured from the NTP epoch: 2 208 988 800 s.
    public static let unixEpoch: Duration = .seconds(2_208_988_800)

    /// 10^18.
    static let attosecondsPerSecond: UInt64 = 1_000_000_000_000_000_000
    /// 10^18 / 2^16, exact: the attoseconds in one unit of the compact form.
    static let attosecondsPer2To16: Int64 = 15_258_789_062_500

    /// The 64-bit wire value.
    public var rawValue: UInt64

    /// Creates a timestamp from its wire value.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Creates a timestamp from whole seconds and a fraction in units of 2^-32 s.
    public init(seconds: UInt32, fraction: UInt32) {
        self.rawValue = UInt64(seconds) << 32 | UInt64(fraction)
    }

    /// The time `elapsed` after 1900-01-01 00:00 UTC, the fraction truncated to 2^-32 s.
    public init(sinceNTPEpoch elapsed: Duration) {
        var (seconds, attoseconds) = elapsed.components
        if attoseconds < 0 {
            seconds &-= 1
            attoseconds += Int64(Self.attosecondsPerSecond)
        }
        let product = UInt64(attoseconds).multipliedFullWidth(by: 1 << 32)
        let fraction = Self.attosecondsPerSecond.dividingFullWidth(product).quotient
        self.init(seconds: UInt32(truncatingIfNeeded: seconds), fraction: UInt32(truncatingIfNeeded: fraction))
    }

    /// The time `elapsed` after an epoch of the caller's that lies `epoch` after the NTP epoch
    /// (for example ``unixEpoch``, or a wall-clock reading taken once at start-up).
    public init(_ elapsed: Duration, sinceEpoch epoch: Duration) {
        self.init(sinceNTPEpoch: epoch + elapsed)
    }

    /// Whole seconds since the NTP epoch (modulo 2^32).
    public var seconds: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 32) }

    /// Fraction of a second in units of 2^-32 s.
    public var fraction: UInt32 { UInt32(truncatingIfNeeded: rawValue) }

    /// The middle 32 bits, 16.16 fixed point: the form of LSR, DLSR and the RTT arithmetic
    /// (RFC 3550 §6.4.1).
    public var compact: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 16) }

    /// The time since the NTP epoch within the era, the fraction rounded up to the attosecond
    /// so that ``init(sinceNTPEpoch:)`` gives this timestamp back.
    public var sinceNTPEpoch: Duration {
        // ⌈fraction × 10^18 / 2^32⌉: the 128-bit product shifted right by 32 (fits in 60 bits).
        let product = UInt64(fraction).multipliedFullWidth(by: Self.attosecondsPerSecond)
        let truncated = (product.high << 32) | (product.low >> 32)
        let attoseconds = truncated + (product.low & 0xFFFF_FFFF == 0 ? 0 : 1)
        return Duration(secondsComponent: Int64(seconds), attosecondsComponent: Int64(attoseconds))
    }

    /// A 16.16 compact NTP value as a duration (RFC 3550 §6.4.1), truncated to the attosecond.
    public static func duration(compact: UInt32) -> Duration {
        let seconds = Int64(compact >> 16)
        let attoseconds = Int64(compact & 0xFFFF) * attosecondsPer2To16
        return Duration(secondsComponent: seconds, attosecondsComponent: attoseconds)
    }

    /// A duration as a 16.16 compact NTP value (for DLSR), truncated to 2^-16 s, saturating at
    /// 0 and 0xFFFF.FFFF.
    public static func compact(_ duration: Duration) -> UInt32 {
        guard duration > .zero else { return 0 }
        let (seconds, attoseconds) = duration.components
        guard seconds < 0x10000 else { return .max }
        let fraction = attoseconds / attosecondsPer2To16
        return UInt32(seconds) << 16 | UInt32(fraction)
    }

    /// `seconds.fraction` in hex, as RFC 3550 §6.4.1 writes them (`b44db705:20000000`).
    public var description: String {
        hex(seconds) + ":" + hex(fraction)
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

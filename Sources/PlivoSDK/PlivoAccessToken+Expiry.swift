#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import StackCore
#endif

/// Time and a token: validity now, when to fetch the next token, and the expiry the server
/// announces.
extension PlivoAccessToken {
    /// How long before ``expiresAt`` the JS SDK's token generator is asked for a new token:
    /// 60 s.
    public static let refreshMargin = Duration.seconds(60)

    /// ``expiresAt`` in milliseconds since the Unix epoch (the JS SDK's
    /// `accessTokenExpiryInEpoch`), clamped to `Int64`.
    public var expiryMilliseconds: Int64 { Self.milliseconds(fromSeconds: expiresAt) }

    /// ``notBefore`` in milliseconds since the Unix epoch, clamped to `Int64`.
    public var notBeforeMilliseconds: Int64 { Self.milliseconds(fromSeconds: notBefore) }

    /// Checks the token's lifetime against `nowMilliseconds` (milliseconds since the Unix
    /// epoch) before it is sent: ``PlivoAccessTokenError/accessTokenExpired`` from `exp` on
    /// (RFC 7519 §4.1.4), else ``PlivoAccessTokenError/accessTokenNotValidYet`` before `nbf`
    /// (§4.1.5).
    ///
    /// This check is this SDK's, not the JS SDK's: the JS SDK sends any readable token and
    /// Plivo's server answers with the same causes (10006, 10005). Checking first saves a
    /// round trip and names the cause even when the server cannot be reached; a client whose
    /// clock is wrong can skip it.
    public func checkValidity(nowMilliseconds: Int64 = PlivoAccessToken.systemMilliseconds())
        throws(PlivoAccessTokenFailure) {
        if nowMilliseconds >= expiryMilliseconds {
            throw PlivoAccessTokenFailure(
                .accessTokenExpired, reason: "exp \(Self.secondsText(expiresAt)) is not after now (\(nowMilliseconds) ms)")
        }
        if nowMilliseconds < notBeforeMilliseconds {
            throw PlivoAccessTokenFailure(
                .accessTokenNotValidYet, reason: "nbf \(Self.secondsText(notBefore)) is after now (\(nowMilliseconds) ms)")
        }
    }

    /// How long from `nowMilliseconds` until a token generator should be asked for the next
    /// token: ``refreshMargin`` before ``expiresAt`` (the JS SDK's `exp·1000 − now − 60 s`),
    /// never negative.
    public func refreshDelay(nowMilliseconds: Int64 = PlivoAccessToken.systemMilliseconds()) -> Duration {
        let margin = Int64(Self.refreshMargin.components.seconds) * 1000
        let (remaining, overflow) = expiryMilliseconds.subtractingReportingOverflow(nowMilliseconds)
        let delay = overflow ? (nowMilliseconds < 0 ? Int64.max : 0) : remaining
        return .milliseconds(max(0, delay - min(delay, margin)))
    }

    /// The expiry a successful REGISTER's `X-Plivo-Jwt` header announces, in milliseconds since
    /// the Unix epoch: the value is `<key>=<epochSeconds>;…` and, as in the JS SDK, the number
    /// after the first `=` of the first `;`-separated part is taken. Nil when that is not a
    /// number.
    public static func expiryMilliseconds(registerResponseHeader value: String) -> Int64? {
        let first = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = first.split(separator: "=", omittingEmptySubsequences: false)
        guard parts.count >= 2, let seconds = Double(parts[1].trimmingWhitespace()), seconds.isFinite else { return nil }
        return milliseconds(fromSeconds: seconds)
    }

    /// The system's wall-clock time in milliseconds since the Unix epoch (JavaScript's
    /// `Date.now()`), the default of every `nowMilliseconds` parameter.
    public static func systemMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// `seconds` × 1000 rounded down, clamped to `Int64` (infinities to the bounds).
    static func milliseconds(fromSeconds seconds: Double) -> Int64 {
        let value = (seconds * 1000).rounded(.down)
        guard value < 9.2e18 else { return .max }
        guard value > -9.2e18 else { return .min }
        return Int64(value)
    }

    /// A number of seconds as JSON writes it (`1700000000`, `1.5`).
    private static func secondsText(_ seconds: Double) -> String {
        PlivoOptionsValue.numberText(seconds)
    }
}

/// Why an access token was refused before it reached the server: the seed's cause (what the
/// SDK emits in `onLoginFailed`) and what exactly is wrong (for logs).
public struct PlivoAccessTokenFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The cause: ``PlivoAccessTokenError/invalidAccessToken`` for a token that cannot be read
    /// or lacks or mistypes a claim (as the JS SDK), ``PlivoAccessTokenError/accessTokenExpired``
    /// or ``PlivoAccessTokenError/accessTokenNotValidYet`` from
    /// ``PlivoAccessToken/checkValidity(nowMilliseconds:)``.
    public var cause: PlivoAccessTokenError
    /// What is wrong, e.g. `the token has 2 segments, not 3`.
    public var reason: String

    /// A failure with `cause` because of `reason`.
    public init(_ cause: PlivoAccessTokenError, reason: String) {
        self.cause = cause
        self.reason = reason
    }

    /// `CAUSE: reason`.
    public var description: String { "\(cause.rawValue): \(reason)" }
}

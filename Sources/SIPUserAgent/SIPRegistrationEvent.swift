/// What a registration reports to its owner (the Plivo SDK's `onLogin`, `onLoginFailed`,
/// `onLogout`, `onConnectionChange`).
public enum SIPRegistrationEvent: Sendable, Hashable {
    /// The first 2xx after a login: bound for `expires` seconds.
    case registered(expires: Int)
    /// A refresh was accepted: bound for `expires` more seconds (no new `onLogin`).
    case refreshed(expires: Int)
    /// A login or refresh failed; the state is now `failed(cause)`.
    case registrationFailed(SIPRegistrationFailure)
    /// The un-REGISTER of a logout completed (any final response, timeout or transport error).
    case unregistered
}

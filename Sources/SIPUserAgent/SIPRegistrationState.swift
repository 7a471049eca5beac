import StackCore

/// Where a registration stands (RFC 3261 §10.2).
public enum SIPRegistrationState: Sendable, Hashable {
    /// No binding and nothing in flight (initially, and after an un-REGISTER).
    case unregistered
    /// The first REGISTER of a login (and its authenticated or 423 retries) is in flight.
    case registering
    /// Bound: the registrar granted `expires` seconds with the 2xx received at `at`.
    case registered(expires: Int, at: StackInstant)
    /// A refresh REGISTER is in flight; the binding from the last 2xx still holds.
    case refreshing
    /// The REGISTER with `Expires: 0` of a logout is in flight.
    case unregistering
    /// The last attempt failed; a new login starts over.
    case failed(SIPRegistrationFailure)
}

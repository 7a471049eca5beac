/// The seed's access-token generator (`loginWithAccessTokenGenerator(obj)`, whose
/// `obj.getAccessToken()` returns a promise of the token): where a long-running client gets a
/// fresh JWT, usually from the application's own backend.
///
/// The client asks once at login and again 60 s before each token's `exp` (24 h less 60 s
/// when the token has none). A renewed token only replaces the `X-Plivo-Jwt` header of later
/// REGISTERs and INVITEs: there is no re-login. A nil token or a thrown error at login is
/// `onLoginFailed('INVALID_ACCESS_TOKEN')`; a server refusing a generated token is
/// `onLoginFailed('RELOGIN_FAILED_INVALID_TOKEN')`.
public protocol PlivoAccessTokenGenerator: Sendable {
    /// A current access token (a JWT), or nil when none can be had.
    func getAccessToken() async throws -> String?
}

/// A ``PlivoAccessTokenGenerator`` made from a closure.
public struct PlivoAccessTokenClosure: PlivoAccessTokenGenerator {
    private let fetch: @Sendable () async throws -> String?

    /// A generator that calls `fetch` for every token.
    public init(_ fetch: @escaping @Sendable () async throws -> String?) { self.fetch = fetch }

    /// Calls the closure.
    public func getAccessToken() async throws -> String? { try await fetch() }
}

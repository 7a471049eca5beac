/// The seed's `client`: log in to a SIP-over-WebSocket (or UDP/TCP/TLS) server, follow the
/// connection, log out — with the seed's events, from one ordered source.
///
/// ```swift
/// let client = PlivoClient(options: PlivoOptions(servers: ["wss://client.plivo.com/signalling"]))
/// client.on(.onLogin) { _ in print("logged in") }
/// await client.login(username: "alice", password: secret)
/// for await event in client.events() { print(event) }
/// ```
///
/// Methods return at once with the seed's boolean (whether the request was taken); outcomes
/// arrive as events (`onLogin` / `onLoginFailed`, `onLogout`, `onConnectionChange`).
///
/// This release covers the login half of the seed's client (login with a password or an access
/// token, logout, the connection and registration state, reconnection); calls go through
/// `plivo-phone`'s engine until the call API lands (see Docs/ARCHITECTURE.md).
public final class PlivoClient: Sendable {
    /// The options the client was made with (validated).
    public let options: PlivoOptions
    /// The seed's `version`.
    public let version = PlivoSDKVersion.string
    private let hub = PlivoEventHub()
    private let core: PlivoClientCore

    /// A client with `options`.
    public init(options: PlivoOptions = PlivoOptions()) {
        self.options = options
        core = PlivoClientCore(options: options, hub: hub)
    }

    /// Every event from now on (except `volume`; see ``volumeEvents()``), in emission order.
    public func events() -> AsyncStream<PlivoEvent> { hub.events() }

    /// The `volume` levels, newest only.
    public func volumeEvents() -> AsyncStream<PlivoVolume> { hub.volumeEvents() }

    /// The seed's `client.on(name, handler)`: callbacks run serially, in order with every
    /// other subscriber. Keep the subscription; `cancel()` it to stop.
    @discardableResult
    public func on(_ name: PlivoEventName, _ handler: @escaping @Sendable (PlivoEvent) -> Void) -> PlivoSubscription {
        hub.on(name, handler)
    }

    /// The seed's `login(username, password)`: false (and `onLoginFailed`) when either is
    /// empty; true when the login started (or the same user is already logged in or logging in).
    @discardableResult
    public func login(username: String, password: String) async -> Bool {
        await core.login(username: username, password: password, token: nil)
    }

    /// The seed's `loginWithAccessToken(jwt)`: the token is parsed (no signature check on the
    /// client, as the SDK); a malformed, expired or not-yet-valid token is `onLoginFailed` with
    /// its cause (`INVALID_ACCESS_TOKEN`, `ACCESS_TOKEN_EXPIRED`, …) and false.
    @discardableResult
    public func loginWithAccessToken(_ token: String) async -> Bool {
        do throws(PlivoAccessTokenFailure) {
            let parsed = try PlivoAccessToken(parsing: token)
            try parsed.checkValidity()
            return await core.login(username: parsed.username, password: " ", token: parsed)
        } catch {
            hub.emit(.onLoginFailed(cause: error.cause.rawValue))
            return false
        }
    }

    /// The seed's `logout()`: false when not logged in; `onLogout` follows the un-REGISTER.
    @discardableResult
    public func logout() async -> Bool {
        await core.logout()
    }

    /// The seed's `isLoggedIn`.
    public var isLoggedIn: Bool { get async { await core.isLoggedIn } }

    /// The seed's `isRegistered()`: logged in and the binding is current.
    public func isRegistered() async -> Bool { await core.isRegistered }

    /// The seed's `isConnected()`: the signalling connection is up.
    public func isConnected() async -> Bool { await core.isConnected }

    /// The seed's `isConnecting()`: a connection is being opened (first login or reconnection).
    public func isConnecting() async -> Bool { await core.isConnecting }

    /// The seed's `webRTC()`: always true (DTLS-SRTP, ICE and Opus are built in).
    public func webRTC() -> Bool { true }

    /// The seed's `setDebug(level)`.
    public func setDebug(_ level: PlivoLogLevel) async { await core.setDebug(level) }

    /// The current log level.
    public var debugLevel: PlivoLogLevel { get async { await core.debugLevel } }

    /// Logs out if needed, closes the connection and ends every event stream.
    public func close() async {
        await core.close()
        hub.finish()
    }
}

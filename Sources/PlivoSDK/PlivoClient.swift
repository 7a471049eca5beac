import AudioPipeline
import Logging
import Synchronization

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
/// Calls carry real audio (DTLS-SRTP, ICE, Opus/G.711) from and to what ``PlivoMediaOptions``
/// names.
///
/// The seed's `closeProtection` guards the browser page's unload; here it guards
/// ``shutdown(force:)``: with it on, a client with a call ringing or answered refuses to stop
/// unless forced.
public final class PlivoClient: Sendable {
    /// The options the client was made with (validated).
    public let options: PlivoOptions
    /// The seed's `version`.
    public let version = PlivoSDKVersion.string
    private let hub: PlivoEventHub
    private let log: PlivoClientLog
    /// The seed's Audio Device API (`client.audio`).
    public let audio: PlivoAudioDevices
    private let feedbackTarget = Mutex<PlivoCallQualityFeedbackEndpoint?>(nil)
    private let core: PlivoClientCore

    /// A client with `options`; `media` says where calls take their audio from and send what
    /// they hear. Log lines go to `logger` (swift-log: bootstrap `LoggingSystem` or pass a
    /// logger with your handler) at the level of the `debug` option and ``setDebug(_:)``.
    public init(options: PlivoOptions = PlivoOptions(), media: PlivoMediaOptions = PlivoMediaOptions(),
                logger: Logger = Logger(label: "com.plivo.sdk")) {
        self.options = options
        log = PlivoClientLog(logger: logger, level: options.debug)
        hub = PlivoEventHub(log: log)
        let manager = AudioDeviceManager(backend: PulseAudioBackend(server: media.soundServer, applicationName: "plivo-swift-sdk"),
                                         useDefaultAudioDevice: options.useDefaultAudioDevice)
        let tones = CallToneLibrary()
        audio = PlivoAudioDevices(manager: manager, tones: tones)
        core = PlivoClientCore(options: options, media: media, hub: hub, log: log, deviceManager: manager, tones: tones)
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
        await core.stopTokenRefresh()
        return await core.login(username: username, password: password, token: nil)
    }

    /// The seed's `loginWithAccessToken(jwt)`: the token is parsed (no signature check on the
    /// client, as the SDK); a malformed, expired or not-yet-valid token is `onLoginFailed` with
    /// its cause (`INVALID_ACCESS_TOKEN`, `ACCESS_TOKEN_EXPIRED`, …) and false.
    @discardableResult
    public func loginWithAccessToken(_ token: String) async -> Bool {
        do throws(PlivoAccessTokenFailure) {
            let parsed = try PlivoAccessToken(parsing: token)
            try parsed.checkValidity()
            await core.stopTokenRefresh()
            return await core.login(username: parsed.username, password: " ", token: parsed)
        } catch {
            hub.emit(.onLoginFailed(cause: error.cause.rawValue))
            return false
        }
    }

    /// The seed's `loginWithAccessTokenGenerator(obj)`: asks `generator` for a token and logs
    /// in with it as ``loginWithAccessToken(_:)`` does, then asks again 60 s before each token
    /// expires and swaps the new token in without logging in again. A nil token or an error
    /// from the generator is `onLoginFailed('INVALID_ACCESS_TOKEN')` and false; a generated
    /// token the server refuses is `onLoginFailed('RELOGIN_FAILED_INVALID_TOKEN')`.
    @discardableResult
    public func loginWithAccessTokenGenerator(_ generator: some PlivoAccessTokenGenerator) async -> Bool {
        await core.login(generator: generator)
    }

    /// ``loginWithAccessTokenGenerator(_:)`` with a closure as the generator.
    @discardableResult
    public func loginWithAccessTokenGenerator(_ getAccessToken: @escaping @Sendable () async throws -> String?) async -> Bool {
        await core.login(generator: PlivoAccessTokenClosure(getAccessToken))
    }

    /// The access token that later REGISTERs and INVITEs carry in `X-Plivo-Jwt` (nil after a
    /// password login).
    public var accessToken: String? { get async { await core.tokenInUse } }

    /// The seed's `logout()`: false when not logged in; `onLogout` follows the un-REGISTER.
    @discardableResult
    public func logout() async -> Bool {
        await core.logout()
    }

    /// The seed's `call(dest, extraHeaders)`: dials a number, user or SIP URI; only X-PH-
    /// headers that pass the seed's rule are sent. False when not logged in, while another call
    /// is up or rings, or for an empty destination.
    @discardableResult
    public func call(_ destination: String, extraHeaders: [String: String] = [:]) async -> Bool {
        await core.call(destination, extraHeaders: extraHeaders)
    }

    /// The seed's `answer(callUUID, actionOnOtherIncomingCalls)`: answers that ringing call (the
    /// latest one when nil); with `allowMultipleIncomingCalls`, the other ringing calls are
    /// rejected, `ignore`d or left ringing (`letring`) as `action` says, and an answered call
    /// is hung up first.
    @discardableResult
    public func answer(callUUID: String? = nil, actionOnOtherIncomingCalls action: String? = nil) async -> Bool {
        await core.answer(callUUID: callUUID, action: action)
    }

    /// The seed's `hangup()`: CANCEL before the answer, BYE after.
    @discardableResult
    public func hangup() async -> Bool { await core.hangup() }

    /// The seed's `reject(callUUID)`: 486 Busy Here to a ringing incoming call.
    @discardableResult
    public func reject(callUUID: String? = nil) async -> Bool { await core.reject(callUUID: callUUID) }

    /// The seed's `ignore(callUUID)`: no answer is sent; the caller keeps ringing.
    @discardableResult
    public func ignore(callUUID: String? = nil) async -> Bool { await core.ignore(callUUID: callUUID) }

    /// The seed's `sendDtmf(digit)`: one of 0-9, * and #, on the answered call.
    @discardableResult
    public func sendDtmf(_ digit: String) async -> Bool { await core.sendDtmf(digit) }

    /// The seed's `mute()`: silence is sent (speech on the microphone raises `speaking_on_mute`).
    /// Without a call it is remembered for the next one and returns false, as the SDK does.
    @discardableResult
    public func mute() async -> Bool { await core.setMuted(true) }

    /// The seed's `unmute()`.
    @discardableResult
    public func unmute() async -> Bool { await core.setMuted(false) }

    /// The seed's `getCallUUID()`: the current call's UUID, nil without one.
    public func getCallUUID() async -> String? { await core.getCallUUID() }

    /// The seed's `getLastCallUUID()`: the UUID of the latest answered call.
    public func getLastCallUUID() async -> String? { await core.getLastCallUUID() }

    /// The seed's `startNoiseReduction()`: false without `enableNoiseReduction`.
    @discardableResult
    public func startNoiseReduction() async -> Bool { await core.setNoiseReduction(true) }

    /// The seed's `stopNoiseReduction()`.
    @discardableResult
    public func stopNoiseReduction() async -> Bool { await core.setNoiseReduction(false) }

    /// The seed's `setRingTone(urlOrBool)`: `"true"`/`"false"` or a WAV file path or http(s)
    /// URL. False (with the reason in the log) when the URL cannot be loaded: the default
    /// ringtone then plays.
    @discardableResult
    public func setRingTone(_ value: String) async -> Bool {
        await core.setTone(.ringtone, CallToneSetting.parse(value)) == nil
    }

    /// The seed's `setRingTone(bool)`.
    @discardableResult
    public func setRingTone(_ enabled: Bool) async -> Bool { await setRingTone(enabled ? "true" : "false") }

    /// The seed's `setRingToneBack(urlOrBool)`, like ``setRingTone(_:)-(String)``.
    @discardableResult
    public func setRingToneBack(_ value: String) async -> Bool {
        await core.setTone(.ringback, CallToneSetting.parse(value)) == nil
    }

    /// The seed's `setRingToneBack(bool)`.
    @discardableResult
    public func setRingToneBack(_ enabled: Bool) async -> Bool { await setRingToneBack(enabled ? "true" : "false") }

    /// The seed's `setConnectTone(bool)`.
    @discardableResult
    public func setConnectTone(_ enabled: Bool) async -> Bool {
        await core.setConnectTone(enabled)
        return true
    }

    /// The IP_TOS / IPV6_TCLASS of the current call's media sockets: 0xB8 (DSCP EF) with the
    /// seed's `dscp` option, 0 without; empty without a call. For tests and diagnostics.
    package func mediaTrafficClasses() async -> [Int?] { await core.mediaTrafficClasses() }

    /// The seed's `getPeerConnection()`.
    public func getPeerConnection() async -> PlivoPeerConnection { await core.peerConnection() }

    /// Where ``submitCallQualityFeedback(callUUID:starRating:issues:note:sendConsoleLogs:)``
    /// delivers (nil: validated, not sent — the result says so).
    public var feedbackEndpoint: PlivoCallQualityFeedbackEndpoint? {
        get { feedbackTarget.withLock { $0 } }
        set { feedbackTarget.withLock { $0 = newValue } }
    }

    /// The seed's `submitCallQualityFeedback(callUUID, starRating, issues, note, sendConsoleLogs)`:
    /// validated as the seed says (every rejection carries the seed's message), then posted to
    /// ``feedbackEndpoint``.
    public func submitCallQualityFeedback(callUUID: String?, starRating: Int?, issues: [String] = [], note: String? = nil,
                                          sendConsoleLogs: Bool = false) async throws(PlivoCallQualityFeedbackError)
        -> PlivoCallQualityFeedbackResult {
        let feedback = try PlivoCallQualityFeedback(username: await core.username, callUUID: callUUID,
                                                    starRating: starRating, issues: issues, note: note)
        return try await feedback.submit(to: feedbackEndpoint, consoleLogs: sendConsoleLogs ? log.recentLines : nil)
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

    /// The seed's `setDebug(level)`: from now on only lines at `level` or less verbose are
    /// written (`OFF`: none).
    public func setDebug(_ level: PlivoLogLevel) { log.setLevel(level) }

    /// The current log level.
    public var debugLevel: PlivoLogLevel { log.level }

    /// The most recent log lines (up to 900, the SDK's ring buffer), oldest first, in the SDK's shape
    /// `[date] PlivoSDK : <user> <sipCallID> [LEVEL] message`: what
    /// `submitCallQualityFeedback(sendConsoleLogs: true)` uploads.
    public var recentLogLines: [String] { log.recentLines }

    /// The seed's `closeProtection` for a server process: stops the client (``close()``)
    /// unless `closeProtection` is on, a call is ringing or answered and `force` is false, in
    /// which case nothing changes and ``PlivoCloseRefused`` names the calls. A service calls
    /// it on a graceful-shutdown request and tries again (or forces) once the calls end.
    public func shutdown(force: Bool = false) async throws(PlivoCloseRefused) {
        if options.closeProtection, !force {
            let guarded = await core.guardedCallUUIDs()
            if !guarded.isEmpty { throw PlivoCloseRefused(callUUIDs: guarded) }
        }
        await close()
    }

    /// Stops now: ends every call (BYE, CANCEL, or 486 for incoming calls still ringing, as
    /// the SDK does on page unload), logs out, closes the connection and ends every event
    /// stream. Not guarded by `closeProtection` (see ``shutdown(force:)``).
    public func close() async {
        await core.endAllCalls()
        await core.close()
        hub.finish()
    }
}

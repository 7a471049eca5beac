import SIPCore
import StackCore

/// The registration client of RFC 3261 §10.2 as a pure value: login, digest authentication
/// (§22.2), 423 handling (§10.2.8), refresh before expiry and un-REGISTER on logout.
///
/// Feed it ``Input``s; it returns ``SIPRegistrationAction``s (send a REGISTER, arm or disarm
/// the refresh timer, emit an event) and never performs I/O or reads a clock.
///
/// Every REGISTER of one machine shares the Call-ID and From tag chosen at creation, and the
/// CSeq increases by one for each (§10.2: "the same Call-ID … for all registrations during a
/// single boot cycle"; CSeq incremented). Only one REGISTER is outstanding at a time (§10.2:
/// "MUST NOT send a new registration until it has received a final response … or … timed
/// out"); responses whose Call-ID or CSeq is not the outstanding one are ignored.
///
/// Authentication: a 401/407 goes to a ``SIPAuthSession``; the REGISTER is rebuilt with the next
/// CSeq and credentials while the session says to retry. A `stale=true` challenge is retried
/// without counting a failure; a second non-stale challenge for the same credentials fails
/// with `.invalidCredentials`. Later REGISTERs (refresh, un-REGISTER) carry credentials for
/// the cached challenge pre-emptively, with the next `nc`.
///
/// The granted expiry of a 2xx is the `expires` parameter of our Contact (matched by
/// `+sip.instance`/`reg-id`, then URI equivalence, then user part, as JsSIP does), else the
/// Expires header, else the requested value. The refresh is armed by ``SIPRegistrationRefreshRule``.
public struct SIPRegistrationStateMachine: Sendable {
    /// What happens to a registration.
    public enum Input: Sendable {
        /// Register with these credentials, asking for `expires` seconds (100–86400).
        case login(SIPDigestCredentials, expires: Int)
        /// A response to the outstanding REGISTER, received at `at`.
        case response(SIPMessage, at: StackInstant)
        /// The outstanding REGISTER's transaction timed out (Timer F, §17.1.2.2).
        case transactionTimeout
        /// The outstanding REGISTER could not be sent (§17.1.4).
        case transportError
        /// The refresh timer fired.
        case refreshTimerFired
        /// Remove the binding (REGISTER with Expires: 0) and stop refreshing.
        case logout
    }

    /// How many 401/407/423 retries in a row are allowed before giving up, so that a registrar
    /// answering every REGISTER with a fresh stale challenge cannot loop us forever.
    public static let maxRetries = 5

    /// The fixed parts of the REGISTER. Changing it (say, the extra headers, when an access
    /// token is renewed) takes effect with the next REGISTER built.
    public var configuration: SIPRegistrationConfiguration
    /// The Call-ID of every REGISTER of this registration.
    public let callID: String
    /// The From tag of every REGISTER of this registration.
    public let fromTag: String
    /// When to refresh.
    public var refreshRule: SIPRegistrationRefreshRule
    /// The current state.
    public private(set) var state: SIPRegistrationState = .unregistered
    /// The CSeq of the last REGISTER built (0 before the first).
    public internal(set) var cseq: UInt32 = 0
    /// The expiry asked for in the next REGISTER (raised by a 423's Min-Expires).
    public private(set) var requestedExpires: Int = SIPRegistrationConfiguration.defaultExpires
    /// The final non-2xx response that made the registration fail, or nil (cleared by the
    /// next login). Servers put details beyond the status code in it (Plivo: the
    /// `X-Plivo-Jwt-Error-Code` header).
    public private(set) var rejection: SIPMessage?
    /// The digest state, created at login.
    public internal(set) var auth: SIPAuthSession?
    private let authenticator: SIPDigestAuthenticator
    private var retries = 0
    private var logoutPending = false

    /// Creates an unregistered machine. `callID` and `fromTag` default to 32 and 16 random hex
    /// digits; `authenticator` holds the cnonce source.
    public init(configuration: SIPRegistrationConfiguration, callID: String = SIPRegistrationStateMachine.randomHex(32),
                fromTag: String = SIPRegistrationStateMachine.randomHex(16),
                authenticator: SIPDigestAuthenticator = SIPDigestAuthenticator(),
                refreshRule: SIPRegistrationRefreshRule = SIPRegistrationRefreshRule()) {
        self.configuration = configuration
        self.callID = callID
        self.fromTag = fromTag
        self.authenticator = authenticator
        self.refreshRule = refreshRule
    }

    /// Advances the machine by one input.
    public mutating func handle(_ input: Input) -> [SIPRegistrationAction] {
        switch input {
        case let .login(credentials, expires): login(credentials, expires: expires)
        case let .response(response, at): receive(response, at: at)
        case .transactionTimeout: noFinalResponse(.timeout)
        case .transportError: noFinalResponse(.transportError)
        case .refreshTimerFired: refresh()
        case .logout: logout()
        }
    }

    // MARK: Inputs

    private mutating func login(_ credentials: SIPDigestCredentials, expires: Int) -> [SIPRegistrationAction] {
        switch state {
        case .unregistered, .failed: break
        case .registering, .registered, .refreshing, .unregistering: return []
        }
        guard SIPRegistrationConfiguration.isValidExpires(expires) else { return fail(.invalidExpires(expires)) }
        rejection = nil
        auth = SIPAuthSession(credentials: credentials, authenticator: authenticator)
        requestedExpires = expires
        retries = 0
        logoutPending = false
        state = .registering
        return sendRegister()
    }

    private mutating func refresh() -> [SIPRegistrationAction] {
        guard case .registered = state else { return [] }
        state = .refreshing
        retries = 0
        return sendRegister()
    }

    private mutating func logout() -> [SIPRegistrationAction] {
        switch state {
        case .registered:
            return [.cancelRefreshTimer] + sendUnregister()
        case .registering, .refreshing:
            logoutPending = true
            return []
        case .unregistered, .unregistering, .failed:
            return []
        }
    }

    private mutating func noFinalResponse(_ cause: SIPRegistrationFailure) -> [SIPRegistrationAction] {
        switch state {
        case .registering, .refreshing: logoutPending ? finishUnregistered() : fail(cause)
        case .unregistering: finishUnregistered()
        case .unregistered, .registered, .failed: []
        }
    }

    private mutating func receive(_ response: SIPMessage, at now: StackInstant) -> [SIPRegistrationAction] {
        guard !response.isRequest, let status = response.statusCode, status >= 200,
              response.callID == callID, let sequence = response.cseq, sequence.sequence == cseq,
              sequence.method == .register else { return [] }
        switch state {
        case .registering, .refreshing: return registerAnswered(response, status: status, at: now)
        case .unregistering: return unregisterAnswered(response, status: status)
        case .unregistered, .registered, .failed: return []
        }
    }

    // MARK: Responses

    private mutating func registerAnswered(_ response: SIPMessage, status: Int,
                                           at now: StackInstant) -> [SIPRegistrationAction] {
        if (200...299).contains(status) {
            rejection = nil
            auth?.accepted()
            retries = 0
            if logoutPending { return sendUnregister() }
            let first = state == .registering
            let granted = grantedExpires(in: response)
            state = .registered(expires: granted, at: now)
            let deadline = now.advanced(by: refreshRule.delay(forExpires: granted))
            return [.startRefreshTimer(at: deadline), .emit(first ? .registered(expires: granted) : .refreshed(expires: granted))]
        }
        if logoutPending { return finishUnregistered() }
        rejection = response
        switch status {
        case 401, 407:
            switch challenged(response) {
            case .retry: return sendRegister()
            case .stop(let cause): return fail(cause)
            }
        case 423:
            let minimum = (try? response.parsed(.minExpires))?.first
            guard let minimum, minimum > requestedExpires, retries < Self.maxRetries else {
                return fail(.intervalTooBrief(minExpires: minimum))
            }
            retries += 1
            requestedExpires = minimum
            return sendRegister()
        default:
            return fail(.forStatus(status))
        }
    }

    private mutating func unregisterAnswered(_ response: SIPMessage, status: Int) -> [SIPRegistrationAction] {
        if status == 401 || status == 407, case .retry = challenged(response) { return sendUnregister() }
        return finishUnregistered()
    }

    private enum ChallengeOutcome {
        case retry
        case stop(SIPRegistrationFailure)
    }

    /// Hands a 401/407 to the auth session (RFC 3261 §22.2).
    private mutating func challenged(_ response: SIPMessage) -> ChallengeOutcome {
        guard var session = auth else { return .stop(.invalidCredentials) }
        defer { auth = session }
        let retry: Bool
        do {
            retry = try session.handleChallenge(response)
        } catch {
            return .stop(.unanswerableChallenge(error))
        }
        guard retry, retries < Self.maxRetries else { return .stop(.invalidCredentials) }
        retries += 1
        return .retry
    }

    // MARK: Results

    private mutating func fail(_ cause: SIPRegistrationFailure) -> [SIPRegistrationAction] {
        state = .failed(cause)
        logoutPending = false
        return [.emit(.registrationFailed(cause))]
    }

    private mutating func finishUnregistered() -> [SIPRegistrationAction] {
        state = .unregistered
        logoutPending = false
        return [.emit(.unregistered)]
    }

    private mutating func sendRegister() -> [SIPRegistrationAction] {
        switch makeRegister(expires: requestedExpires) {
        case .success(let request): return [.send(request)]
        case .failure(let error): return fail(.invalidRequest(error))
        }
    }

    private mutating func sendUnregister() -> [SIPRegistrationAction] {
        state = .unregistering
        logoutPending = false
        switch makeRegister(expires: 0) {
        case .success(let request): return [.send(request)]
        case .failure: return finishUnregistered()
        }
    }

    /// 32 bits of randomness per 8 hex digits, for Call-IDs and tags (RFC 3261 §8.1.1.4, §19.3).
    public static func randomHex(_ digits: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        while text.count < digits {
            let word = generator.next() as UInt32
            let hex = String(word, radix: 16)
            text += String(repeating: "0", count: 8 - hex.count) + hex
        }
        return String(text.prefix(digits))
    }
}

import SIPCore
import SIPTransaction
import SIPUserAgent
import StackCore

/// The edge's registrar (RFC 3261 §10.3) as a pure value: digest authentication (RFC 7616:
/// SHA-256 and MD5 offered, `qop=auth`), the seed's lockout, and the location service.
///
/// - **Authentication.** A REGISTER without credentials for the realm gets 401 with one
///   challenge per algorithm (SHA-256 first, RFC 8760 §2.4). A nonce older than
///   ``Configuration/nonceLifetime`` is answered `stale=true` (not a failure). A wrong password
///   or an unknown user is a failed login: 401 with a fresh challenge.
/// - **Lockout.** ``Configuration/lockoutThreshold`` (10) failed logins from one IP address for
///   one user block that address for that user for ``Configuration/lockoutDuration``
///   (10 minutes): every REGISTER is 403 until then, credentials unchecked. A success resets
///   the count.
/// - **Bindings.** The To user must be the authenticated user (else 403). Each Contact's
///   `expires` parameter, else the Expires header, else ``Configuration/defaultExpires``;
///   0 removes it; below ``Configuration/minExpires`` the whole request is 423 with
///   Min-Expires; above ``Configuration/maxExpires`` it is cut down. `Contact: *` with
///   `Expires: 0` removes every binding (another expiry is 400). A REGISTER whose Call-ID
///   matches a binding's with a CSeq not above it is 500 (§10.3 step 7). The 200 lists every
///   current binding with its remaining seconds.
///
/// Never reads a clock or does I/O: the caller passes `now` and sends the response.
public struct SIPEdgeRegistrar: Sendable {
    /// Accounts, limits and timings.
    public struct Configuration: Sendable {
        /// The digest realm (RFC 7616 §3.3).
        public var realm: String
        /// Passwords by username.
        public var accounts: [String: String]
        /// The shortest registration granted (423 below it), in seconds.
        public var minExpires = 60
        /// The longest registration granted (longer requests are cut), in seconds.
        public var maxExpires = 3600
        /// The expiry when the REGISTER asks for none, in seconds.
        public var defaultExpires = 600
        /// How long a nonce may be used.
        public var nonceLifetime: Duration = .seconds(300)
        /// Failed logins from one address, for one user, that block it.
        public var lockoutThreshold = 10
        /// How long a blocked address stays blocked for that user.
        public var lockoutDuration: Duration = .seconds(600)
        /// The algorithms challenged with, in order of preference.
        public var algorithms: [SIPDigestAlgorithm] = [.sha256, .md5]
        /// Checks an access token (the `X-Plivo-Jwt` header of a REGISTER, Plivo's way): the
        /// user it logs in, or the error code for `X-Plivo-Jwt-Error-Code`. Nil: tokens are not
        /// accepted and such a REGISTER is challenged like any other.
        public var accessTokens: (@Sendable (String) -> SIPEdgeTokenVerdict)?

        /// A configuration for `realm` and `accounts`, with the defaults above.
        public init(realm: String, accounts: [String: String]) {
            self.realm = realm
            self.accounts = accounts
        }
    }

    /// What a REGISTER did.
    public enum Outcome: Sendable, Hashable {
        /// Accepted: `user`'s bindings after the change.
        case accepted(user: String, bindings: [SIPEdgeBinding])
        /// Answered with a challenge (no credentials, a stale nonce, or failed credentials).
        case challenged(failedLogin: Bool)
        /// Refused with this status (400, 403, 423, 500); `blocked` when the lockout refused it.
        case refused(status: Int, blocked: Bool)
    }

    /// The configuration.
    public var configuration: Configuration
    private var bindingsByUser: [String: [SIPEdgeBinding]] = [:]
    private var nonces: [String: Nonce] = [:]
    private var failures: [LockKey: Failures] = [:]
    private var lastPurge: StackInstant?
    private let random: @Sendable () -> String

    private struct LockKey: Hashable {
        var host: String
        var user: String
    }

    /// A nonce we issued: when, and the highest `nc` accepted with it and that request's
    /// branch (a retransmission repeats both and is accepted again; any other reuse of a count
    /// is a replay, RFC 7616 §3.4.5).
    private struct Nonce {
        var issued: StackInstant
        var count: UInt32 = 0
        var branch: String?
    }

    private struct Failures {
        var count = 0
        var blockedUntil: StackInstant?
    }

    /// A registrar; `random` makes nonces and tags (32 random hex digits by default).
    public init(configuration: Configuration, random: @escaping @Sendable () -> String = { SIPRegistrationStateMachine.randomHex(32) }) {
        self.configuration = configuration
        self.random = random
    }

    /// The live bindings of `user` at `now`.
    public func bindings(for user: String, at now: StackInstant) -> [SIPEdgeBinding] {
        (bindingsByUser[user] ?? []).filter { $0.expiresAt > now }
    }

    /// Every user with a live binding at `now`.
    public func registeredUsers(at now: StackInstant) -> [String] {
        bindingsByUser.keys.filter { !bindings(for: $0, at: now).isEmpty }.sorted()
    }

    /// Whether `host` is blocked for `user` at `now`.
    public func isBlocked(host: String, user: String, at now: StackInstant) -> Bool {
        guard let until = failures[LockKey(host: host, user: user)]?.blockedUntil else { return false }
        return until > now
    }

    /// How often ``handle(_:from:at:)`` drops what lapsed (so nonces, failure counts and
    /// old bindings cannot pile up in a long-running edge).
    public static let purgeInterval: Duration = .seconds(60)

    /// Nonces remembered: issued within the nonce lifetime plus the longest registration (a
    /// lapsed one is answered `stale=true`), or not yet purged.
    public var outstandingNonces: Int { nonces.count }

    /// Drops lapsed bindings, nonces and lockouts.
    public mutating func purge(at now: StackInstant) {
        for (user, list) in bindingsByUser {
            let live = list.filter { $0.expiresAt > now }
            bindingsByUser[user] = live.isEmpty ? nil : live
        }
        // A lapsed nonce is remembered for as long as a client may hold it before refreshing
        // (the longest registration), so that its refresh is answered stale=true, not refused.
        let remembered = configuration.nonceLifetime + .seconds(configuration.maxExpires)
        nonces = nonces.filter { $0.value.issued.advanced(by: remembered) > now }
        failures = failures.filter { entry in
            if let until = entry.value.blockedUntil { return until > now }
            return entry.value.count > 0
        }
    }

    /// Handles one REGISTER from `source` at `now`: the response to send and what happened.
    public mutating func handle(_ request: SIPMessage, from source: SIPTransactionDestination,
                                at now: StackInstant) -> (response: SIPMessage?, outcome: Outcome) {
        if lastPurge.map({ now >= $0.advanced(by: Self.purgeInterval) }) ?? true {
            purge(at: now)
            lastPurge = now
        }
        guard request.method == .register, let to = request.to, let user = to.uri.user, !user.isEmpty else {
            return (respond(request, 400, reason: "Bad Request"), .refused(status: 400, blocked: false))
        }
        let key = LockKey(host: source.host, user: user)
        if isBlocked(host: source.host, user: user, at: now) {
            return (respond(request, 403, reason: "Forbidden (too many failed logins)"), .refused(status: 403, blocked: true))
        }
        if let check = configuration.accessTokens, let token = request.value(SIPHeaderName("X-Plivo-Jwt")) {
            switch check(token) {
            case .accepted(let tokenUser) where tokenUser == user:
                failures[key] = nil
                return update(request, user: user, from: source, at: now)
            case .accepted:
                return (respond(request, 403, reason: "Forbidden (the token is for another user)"),
                        .refused(status: 403, blocked: false))
            case .refused(let code):
                // A refused token is a failed login, as a wrong password is.
                let blocked = countFailure(key, at: now)
                return (respond(request, 403, reason: "Forbidden",
                                headers: [SIPParameter("X-Plivo-Jwt-Error-Code", "\(code)")]),
                        .refused(status: 403, blocked: blocked))
            }
        }
        switch authenticate(request, user: user, at: now) {
        case .missing:
            return (challenge(request, stale: false, at: now), .challenged(failedLogin: false))
        case .stale:
            return (challenge(request, stale: true, at: now), .challenged(failedLogin: false))
        case .wrongUser:
            return (respond(request, 403, reason: "Forbidden"), .refused(status: 403, blocked: false))
        case .failed:
            if countFailure(key, at: now) {
                return (respond(request, 403, reason: "Forbidden (too many failed logins)"), .refused(status: 403, blocked: true))
            }
            return (challenge(request, stale: false, at: now), .challenged(failedLogin: true))
        case .passed:
            failures[key] = nil
        }
        return update(request, user: user, from: source, at: now)
    }

    /// Counts a failed login of `key`; true when it reached the threshold and blocked it.
    private mutating func countFailure(_ key: LockKey, at now: StackInstant) -> Bool {
        var entry = failures[key] ?? Failures()
        entry.count += 1
        let blocked = entry.count >= configuration.lockoutThreshold
        if blocked {
            entry.blockedUntil = now.advanced(by: configuration.lockoutDuration)
            entry.count = 0
        }
        failures[key] = entry
        return blocked
    }

    // MARK: Authentication

    private enum Verdict {
        case missing, stale, wrongUser, failed, passed
    }

    private mutating func authenticate(_ request: SIPMessage, user: String, at now: StackInstant,
                                       proxy: Bool = false) -> Verdict {
        let fields = (proxy ? request.proxyAuthorization : request.authorization).filter {
            $0.scheme.lowercased() == "digest" && $0.value(of: "realm") == configuration.realm
        }
        guard let field = fields.first, let username = field.value(of: "username"), let nonce = field.value(of: "nonce"),
              let uri = field.value(of: "uri"), let given = field.value(of: "response"), let method = request.method
        else { return .missing }
        guard let issued = nonces[nonce] else { return .missing }
        if issued.issued.advanced(by: configuration.nonceLifetime) <= now { return .stale }
        guard username == user else { return .wrongUser }
        guard let password = configuration.accounts[username] else { return .failed }
        let algorithm = SIPDigestAlgorithm(token: field.value(of: "algorithm") ?? "MD5")
        guard configuration.algorithms.contains(algorithm) else { return .failed }
        let qop = field.value(of: "qop").map(SIPDigestQOP.init(token:))
        let count = field.value(of: "nc").flatMap { UInt32($0, radix: 16) } ?? 0
        let expected = try? SIPDigestAuthenticator.response(
            algorithm: algorithm, credentials: SIPDigestCredentials(username: username, password: password),
            realm: configuration.realm, nonce: nonce, method: method, uri: uri, qop: qop, nonceCount: count,
            cnonce: field.value(of: "cnonce") ?? "", body: request.body)
        guard let expected, expected.lowercased() == given.lowercased() else { return .failed }
        if qop != nil {
            // With qop the count must grow with each request; the same count again is only a
            // retransmission of the request that used it.
            let branch = request.topVia?.branch
            if count < issued.count || (count == issued.count && branch != issued.branch) { return .stale }
            nonces[nonce]?.count = count
            nonces[nonce]?.branch = branch
        }
        return .passed
    }

    private mutating func challenge(_ request: SIPMessage, stale: Bool, at now: StackInstant, proxy: Bool = false) -> SIPMessage? {
        let nonce = random()
        nonces[nonce] = Nonce(issued: now)
        let headers = configuration.algorithms.map { algorithm in
            var value = "Digest realm=\"\(configuration.realm)\", nonce=\"\(nonce)\", algorithm=\(algorithm.token), qop=\"auth\""
            if stale { value += ", stale=true" }
            return SIPParameter(proxy ? "Proxy-Authenticate" : "WWW-Authenticate", value)
        }
        return proxy ? respond(request, 407, reason: "Proxy Authentication Required", headers: headers, tag: Self.authTag)
            : respond(request, 401, reason: "Unauthorized", headers: headers)
    }

    // MARK: Requests other than REGISTER

    /// The To tag of the edge's own 407 and 403 answers to calls (their ACKs end at the edge).
    public static let authTag = "edge-auth"

    /// The methods whose out-of-dialog requests ``authorize(_:at:)`` checks (Kamailio's usual
    /// set): the ones that start a dialog or send something on a user's behalf.
    public static let authorizedMethods: Set<SIPMethod> = [.invite, .message, .subscribe, .refer]

    /// Checks an out-of-dialog request (see ``authorizedMethods``) from `source` as a proxy
    /// does (RFC 3261 §22.3): an `X-Plivo-Jwt` the token check accepts for the From user, or
    /// digest credentials for the From user in Proxy-Authorization. Nil: it may go on (without
    /// its credentials); else the answer to send: 407 with a challenge, or 403 (with
    /// `X-Plivo-Jwt-Error-Code` for a refused token, which the SDK turns into the token's
    /// cause). Failed credentials here are not logins, so they never count toward the lockout.
    public mutating func authorize(_ request: inout SIPMessage, at now: StackInstant) -> SIPMessage? {
        guard let method = request.method, Self.authorizedMethods.contains(method), request.to?.tag == nil else { return nil }
        guard let user = request.from?.uri.user, !user.isEmpty else {
            return respond(request, 403, reason: "Forbidden (no caller)", tag: Self.authTag)
        }
        if let check = configuration.accessTokens, let token = request.value(SIPHeaderName("X-Plivo-Jwt")) {
            switch check(token) {
            case .accepted(let tokenUser) where tokenUser == user:
                return nil
            case .accepted:
                return respond(request, 403, reason: "Forbidden (the token is for another user)", tag: Self.authTag)
            case .refused(let code):
                return respond(request, 403, reason: "Forbidden", headers: [SIPParameter("X-Plivo-Jwt-Error-Code", "\(code)")],
                               tag: Self.authTag)
            }
        }
        switch authenticate(request, user: user, at: now, proxy: true) {
        case .missing, .failed:
            return challenge(request, stale: false, at: now, proxy: true)
        case .stale:
            return challenge(request, stale: true, at: now, proxy: true)
        case .wrongUser:
            return respond(request, 403, reason: "Forbidden (the credentials are not the caller's)", tag: Self.authTag)
        case .passed:
            request.removeHeaders(.proxyAuthorization)
            return nil
        }
    }

    // MARK: Bindings

    private mutating func update(_ request: SIPMessage, user: String, from source: SIPTransactionDestination,
                                 at now: StackInstant) -> (response: SIPMessage?, outcome: Outcome) {
        guard let callID = request.callID, let cseq = request.cseq?.sequence else {
            return (respond(request, 400, reason: "Bad Request"), .refused(status: 400, blocked: false))
        }
        var list = bindings(for: user, at: now)
        if request.isContactWildcard {
            guard request.expires == 0 else {
                return (respond(request, 400, reason: "Bad Request"), .refused(status: 400, blocked: false))
            }
            list.removeAll()
        } else {
            // §10.3 step 6: every expiry is checked before anything changes.
            var wanted: [(SIPNameAddress, Int)] = []
            for contact in request.contacts {
                let asked = contact.parameters.first { $0.name.lowercased() == "expires" }
                    .flatMap { $0.value.flatMap { Int($0) } } ?? request.expires ?? configuration.defaultExpires
                if asked > 0, asked < configuration.minExpires {
                    return (respond(request, 423, reason: "Interval Too Brief",
                                    headers: [SIPParameter("Min-Expires", "\(configuration.minExpires)")]),
                            .refused(status: 423, blocked: false))
                }
                var bare = contact
                bare.parameters.removeAll { $0.name.lowercased() == "expires" }
                wanted.append((bare, min(asked, configuration.maxExpires)))
            }
            for (contact, expires) in wanted {
                let index = list.firstIndex { $0.contact.uri == contact.uri }
                if let index, list[index].callID == callID, list[index].cseq >= cseq {
                    return (respond(request, 500, reason: "Server Internal Error (out-of-order REGISTER)"),
                            .refused(status: 500, blocked: false))
                }
                if expires == 0 {
                    if let index { list.remove(at: index) }
                    continue
                }
                let binding = SIPEdgeBinding(contact: contact, expiresAt: now.advanced(by: .seconds(expires)),
                                             source: source, callID: callID, cseq: cseq)
                if let index { list[index] = binding } else { list.append(binding) }
            }
        }
        bindingsByUser[user] = list.isEmpty ? nil : list
        let contacts = list.map { binding -> SIPParameter in
            var contact = binding.contact
            contact.parameters.append(SIPParameter("expires", "\(binding.remaining(at: now))"))
            return SIPParameter("Contact", contact.description)
        }
        return (respond(request, 200, reason: "OK", headers: contacts), .accepted(user: user, bindings: list))
    }

    private func respond(_ request: SIPMessage, _ status: Int, reason: String, headers: [SIPParameter] = [],
                         tag fixedTag: String? = nil) -> SIPMessage? {
        let tag = request.to?.tag == nil ? fixedTag ?? String(random().prefix(10)) : nil
        return try? SIPMessageBuilder.response(to: request, status: status, reason: reason, toTag: tag,
                                               headers: headers + [SIPParameter("Server", "plivo-swift-edge")])
    }
}

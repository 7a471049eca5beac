import SIPCore

/// The digest state of one UAC toward one peer: the last challenge per realm, nonce counts,
/// stale-nonce retries and rejected attempts (RFC 3261 §22.2–§22.3, RFC 7616 §3.3–§3.4).
///
/// Use: send the request; on a 401/407 call `handleChallenge(_:)`, and when `shouldRetry` is
/// true, build the request again with the next CSeq (the caller's job, RFC 3261 §22.2), call
/// `authorize(_:)` and send it. On success call `accepted()`. Later requests (a REGISTER
/// refresh) may call `authorize(_:)` first to answer the cached challenges pre-emptively, each
/// with the next `nc` for its nonce.
public struct SIPAuthSession: Sendable {
    /// A remembered challenge and how it has been used.
    public struct Entry: Sendable, Hashable {
        /// The last challenge received for this origin and realm.
        public var challenge: SIPDigestChallenge
        /// Requests that have carried credentials for this nonce (the last `nc` sent).
        public var nonceCount: UInt32
        /// Whether credentials for this challenge were sent since it arrived.
        public var answered: Bool
    }

    /// The credentials; setting them clears the rejection count (new credentials get a new try).
    public var credentials: SIPDigestCredentials {
        didSet { failedAttempts = 0 }
    }
    /// Computes the answers (holds the cnonce generator).
    public var authenticator: SIPDigestAuthenticator
    /// Which challenge to take when one realm offers several algorithms.
    public var preference: SIPDigestChallenge.Preference
    /// How many rejections of sent credentials are tolerated before `shouldRetry` turns false;
    /// 1 gives up at the second 401/407 for the same credentials (RFC 3261 §22.2 "SHOULD NOT
    /// re-attempt" with credentials that have failed).
    public var maxFailedAttempts: Int
    /// The remembered challenges, one per origin and realm, in the order they first arrived.
    public private(set) var entries: [Entry] = []
    /// How many times a challenge answered non-stale credentials with the same credentials.
    public private(set) var failedAttempts = 0
    /// Whether the last challenge handled was a stale-nonce retry (RFC 7616 §3.3 `stale=true`).
    public private(set) var lastChallengeWasStale = false

    /// Creates a session with no remembered challenge.
    public init(credentials: SIPDigestCredentials, authenticator: SIPDigestAuthenticator = SIPDigestAuthenticator(),
                preference: SIPDigestChallenge.Preference = .strongest, maxFailedAttempts: Int = 1) {
        self.credentials = credentials
        self.authenticator = authenticator
        self.preference = preference
        self.maxFailedAttempts = maxFailedAttempts
    }

    /// Whether the caller should resend the request with credentials: true until the
    /// rejections reach `maxFailedAttempts`. The caller decides; nothing here sends anything.
    public var shouldRetry: Bool { failedAttempts < maxFailedAttempts && !entries.isEmpty }

    /// The remembered challenge for a realm (either origin when `origin` is nil).
    public func challenge(forRealm realm: String, origin: SIPDigestChallenge.Origin? = nil) -> SIPDigestChallenge? {
        entries.first { $0.challenge.realm == realm && (origin == nil || $0.challenge.origin == origin) }?.challenge
    }

    /// Takes in the challenges of a 401 or 407 (RFC 3261 §22.2, §22.3) and returns `shouldRetry`.
    ///
    /// A challenge for a realm whose credentials were sent counts as a rejection unless it says
    /// `stale=true` (RFC 7616 §3.3: the credentials were right, only the nonce expired). A new
    /// nonce restarts `nc` at 1. On a throw (no answerable challenge) nothing changes.
    @discardableResult
    public mutating func handleChallenge(_ response: SIPMessage) throws(SIPDigestError) -> Bool {
        let challenges = try SIPDigestChallenge.select(from: response, preference: preference)
        var rejected = false
        var allStale = true
        for challenge in challenges {
            allStale = allStale && challenge.stale
            let index = entries.firstIndex {
                $0.challenge.origin == challenge.origin && $0.challenge.realm == challenge.realm
            }
            guard let index else {
                entries.append(Entry(challenge: challenge, nonceCount: 0, answered: false))
                continue
            }
            if entries[index].answered && !challenge.stale { rejected = true }
            let sameNonce = entries[index].challenge.nonce == challenge.nonce
                && entries[index].challenge.algorithm == challenge.algorithm
            entries[index] = Entry(challenge: challenge, nonceCount: sameNonce ? entries[index].nonceCount : 0,
                                   answered: false)
        }
        if rejected { failedAttempts += 1 }
        lastChallengeWasStale = allStale
        return shouldRetry
    }

    /// Records a successful (2xx) answer: the credentials work, rejections are forgotten; the
    /// challenges stay for pre-emptive use.
    public mutating func accepted() {
        failedAttempts = 0
        for index in entries.indices { entries[index].answered = false }
    }

    /// Forgets every challenge and count (e.g. after a new registrar or a transport change).
    public mutating func reset() {
        entries = []
        failedAttempts = 0
        lastChallengeWasStale = false
    }

    /// The credentials for `request`, one per remembered challenge, each with the next `nc`
    /// of its nonce (RFC 7616 §3.4; digest-uri = Request-URI, RFC 3261 §22.4).
    public mutating func authorizations(for request: SIPMessage) throws(SIPDigestError) -> [SIPDigestAuthorization] {
        guard request.isRequest, let method = request.method, let uri = request.requestURIText else {
            throw .notARequest
        }
        let body = request.body
        var updated = entries
        var result: [SIPDigestAuthorization] = []
        for index in updated.indices {
            let count = updated[index].nonceCount == .max ? 1 : updated[index].nonceCount + 1
            result.append(try authenticator.authorize(updated[index].challenge, credentials: credentials, method: method,
                                                      uri: uri, body: body, nonceCount: count))
            updated[index].nonceCount = count
            updated[index].answered = true
        }
        entries = updated
        return result
    }

    /// Replaces the request's Authorization and Proxy-Authorization fields by fresh credentials
    /// for every remembered challenge (RFC 3261 §22.2, §22.3). The caller has already set the
    /// CSeq. On a throw neither the request nor the session changes.
    public mutating func authorize(_ request: inout SIPMessage) throws(SIPDigestError) {
        let saved = entries
        let answers = try authorizations(for: request)
        var edited = request
        edited.removeHeaders(SIPHeaderName("Authorization"))
        edited.removeHeaders(SIPHeaderName("Proxy-Authorization"))
        do throws(SIPParseError) {
            for answer in answers { try edited.append(header: answer.headerName, value: answer.headerValue) }
        } catch {
            entries = saved
            throw .malformedHeader(error)
        }
        request = edited
    }
}

import SIPCore
import SIPUserAgent

/// A registrar test double (RFC 3261 §10.3): challenges unauthenticated REGISTERs with Digest
/// (MD5, qop=auth), checks the Authorization with `SIPDigestAuthenticator.response`, answers
/// 423 below `minExpires` and 200 with `Contact: <…>;expires=<granted>` otherwise.
struct RegistrarStub {
    static let realm = "phone.plivo.com"
    var password = "secret"
    /// The current nonce; `rotateNonceAfterSuccess` moves to the next after every 200.
    var nonce = "nonce-1"
    var rotateNonceAfterSuccess = false
    /// 423 (with this Min-Expires) for a non-zero Expires below it.
    var minExpires: Int?
    /// Statuses answered, in order, to the first requests before any other check (0: answer
    /// that request normally).
    var forcedStatuses: [Int] = []
    /// Never answers (for Timer F).
    var silent = false
    /// The expiry written on the Contact of a 200; nil grants what was asked.
    var grant: Int?
    /// Every request received, in order.
    private(set) var requests: [SIPMessage] = []
    private var nonceCounter = 1

    /// Why an Authorization was refused.
    enum Verdict: Equatable { case valid, wrong, staleNonce }

    mutating func answer(_ request: SIPMessage) -> SIPMessage? {
        requests.append(request)
        if silent { return nil }
        if !forcedStatuses.isEmpty, case let status = forcedStatuses.removeFirst(), status != 0 {
            return reply(request, status)
        }
        guard let field = request.authorization.first else { return challenge(request, stale: false) }
        switch verify(field, request) {
        case .wrong: return challenge(request, stale: false)
        case .staleNonce: return challenge(request, stale: true)
        case .valid: break
        }
        let expires = request.expires ?? 3600
        if let minExpires, expires != 0, expires < minExpires {
            return reply(request, 423, [SIPParameter("Min-Expires", String(minExpires))])
        }
        if rotateNonceAfterSuccess {
            nonceCounter += 1
            nonce = "nonce-\(nonceCounter)"
        }
        guard expires != 0, let contact = request.contacts.first else { return reply(request, 200) }
        let bound = SIPNameAddress(uri: contact.uri, parameters: contact.parameters.filter { $0.name != "expires" }
                                   + [SIPParameter("expires", String(grant ?? expires))])
        return reply(request, 200, [SIPParameter("Contact", bound.description)])
    }

    /// Checks the credentials as a registrar does (RFC 7616 §3.4.1).
    func verify(_ field: SIPAuthField, _ request: SIPMessage) -> Verdict {
        guard field.value(of: "username") == "alice", field.value(of: "realm") == Self.realm,
              let nonceValue = field.value(of: "nonce"), let uri = field.value(of: "uri"),
              uri == request.requestURIText, let ncText = field.value(of: "nc"),
              let nc = UInt32(ncText, radix: 16), let cnonce = field.value(of: "cnonce"),
              let response = field.value(of: "response"),
              let expected = try? SIPDigestAuthenticator.response(
                  algorithm: .md5, credentials: SIPDigestCredentials(username: "alice", password: password),
                  realm: Self.realm, nonce: nonceValue, method: .register, uri: uri, qop: .auth,
                  nonceCount: nc, cnonce: cnonce),
              expected == response else { return .wrong }
        return nonceValue == nonce ? .valid : .staleNonce
    }

    private func challenge(_ request: SIPMessage, stale: Bool) -> SIPMessage? {
        let value = "Digest realm=\"\(Self.realm)\", nonce=\"\(nonce)\", qop=\"auth\", algorithm=MD5"
            + (stale ? ", stale=true" : "")
        return reply(request, 401, [SIPParameter("WWW-Authenticate", value)])
    }

    private func reply(_ request: SIPMessage, _ status: Int, _ headers: [SIPParameter] = []) -> SIPMessage? {
        guard let response = try? SIPMessageBuilder.response(to: request, status: status, toTag: "reg1",
                                                            headers: headers) else { return nil }
        // What the client receives went over the wire: parse it again.
        return try? SIPMessage(parsing: response.serialized())
    }
}

/// The configuration of every registration test: a Plivo-style WebSocket client.
enum RegistrationFixtures {
    static let instance = "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\""

    static func configuration(viaTransport: String = "WSS") -> SIPRegistrationConfiguration {
        SIPRegistrationConfiguration(
            user: "alice", domain: .domain("phone.plivo.com"),
            contact: SIPURI(user: "k3f8a1zq", host: .domain("df7jal23ls0d.invalid"),
                            parameters: [SIPParameter("transport", "ws")]),
            contactParameters: [SIPParameter("reg-id", "1"), SIPParameter("+sip.instance", instance)],
            via: SIPVia(transport: viaTransport, host: .domain("df7jal23ls0d.invalid")),
            userAgent: "PlivoSwift/0.1")
    }

    static func machine(viaTransport: String = "WSS") -> SIPRegistrationStateMachine {
        SIPRegistrationStateMachine(configuration: configuration(viaTransport: viaTransport),
                                    callID: "3848276298220188511", fromTag: "a73kszlfl",
                                    authenticator: SIPDigestAuthenticator { "0a4f113b" },
                                    refreshRule: .fixed(0.5))
    }

    static let alice = SIPDigestCredentials(username: "alice", password: "secret")
}

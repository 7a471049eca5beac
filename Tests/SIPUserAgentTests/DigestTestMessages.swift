import SIPCore
import SIPUserAgent

/// Requests and challenges for the digest tests (a Kamailio-style registrar on 127.0.0.1).
enum DigestTestMessages {
    static let kamailioNonce = "ZTU5OGFkMjU0ZTU2MWQ3OGRkYjlhYzE2NjgwNmM1N2I="

    static func register(cseq: Int = 1) throws -> SIPMessage {
        try SIPMessage(parsing: [
            "REGISTER sip:127.0.0.1 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK776asdhds",
            "Max-Forwards: 70",
            "From: <sip:alice@127.0.0.1>;tag=1928301774",
            "To: <sip:alice@127.0.0.1>",
            "Call-ID: a84b4c76e66710",
            "CSeq: \(cseq) REGISTER",
            "Contact: <sip:alice@127.0.0.1:5070>",
            "Expires: 3600",
            "Content-Length: 0",
            "", "",
        ].joined(separator: "\r\n"))
    }

    /// A response with the given authentication fields, e.g. `WWW-Authenticate: Digest …`.
    static func challenge(_ status: Int = 401, _ fields: [String]) throws -> SIPMessage {
        let reason = status == 407 ? "Proxy Authentication Required" : "Unauthorized"
        return try SIPMessage(parsing: ([
            "SIP/2.0 \(status) \(reason)",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK776asdhds;received=127.0.0.1",
            "From: <sip:alice@127.0.0.1>;tag=1928301774",
            "To: <sip:alice@127.0.0.1>;tag=b27e1a1d33761e85846fc98f5f3a7e58.0f63",
            "Call-ID: a84b4c76e66710",
            "CSeq: 1 REGISTER",
        ] + fields + [
            "Server: kamailio (5.7.4 (x86_64/linux))",
            "Content-Length: 0",
            "", "",
        ]).joined(separator: "\r\n"))
    }

    /// The Kamailio `www_challenge("$td", "1")` answer to the REGISTER.
    static func kamailio401(nonce: String = kamailioNonce, stale: Bool = false) throws -> SIPMessage {
        try challenge(401, ["WWW-Authenticate: Digest realm=\"127.0.0.1\", nonce=\"\(nonce)\", qop=\"auth\""
                                + (stale ? ", stale=true" : "")])
    }

    static let alice = SIPDigestCredentials(username: "alice", password: "secret")

    /// An authenticator whose cnonce is always `0a4f113b`.
    static let fixedAuthenticator = SIPDigestAuthenticator { "0a4f113b" }
}

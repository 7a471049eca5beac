/// What the edge's access-token check says of an `X-Plivo-Jwt` token.
public enum SIPEdgeTokenVerdict: Sendable, Hashable {
    /// Valid: it logs in this user.
    case accepted(user: String)
    /// Refused with Plivo's error code (10001–10010), sent in `X-Plivo-Jwt-Error-Code`.
    case refused(code: Int)
}

/// The `a=setup` role of a connection-oriented transport, used for the DTLS role
/// (RFC 4145 §4, RFC 5763 §5, RFC 8842 §5).
public enum SDPSetupRole: String, Sendable, Hashable, CaseIterable {
    /// Opens the connection: the DTLS client.
    case active
    /// Accepts the connection: the DTLS server.
    case passive
    /// Either; what an offerer writes (RFC 5763 §5).
    case actpass
    /// No connection for now (RFC 4145 §4).
    case holdconn
}

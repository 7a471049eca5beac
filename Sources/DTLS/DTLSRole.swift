/// Which side of the DTLS handshake this endpoint plays (RFC 5763 §5, RFC 4145 `a=setup`).
///
/// The endpoint that ends up `a=setup:active` is the DTLS client; `a=setup:passive` is the
/// server. An `actpass` offerer becomes whatever the answer leaves it.
public enum DTLSRole: Sendable, Hashable {
    /// Sends the ClientHello (`a=setup:active`).
    case client
    /// Waits for the ClientHello (`a=setup:passive`).
    case server
}

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

    /// The role `bytes` names, ASCII case-insensitive (as `init(rawValue:)` of the lower-cased text).
    init?(ignoringCase bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.equalsIgnoringCase("active") {
            self = .active
        } else if bytes.equalsIgnoringCase("passive") {
            self = .passive
        } else if bytes.equalsIgnoringCase("actpass") {
            self = .actpass
        } else if bytes.equalsIgnoringCase("holdconn") {
            self = .holdconn
        } else {
            return nil
        }
    }
}

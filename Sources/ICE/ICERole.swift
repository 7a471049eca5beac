/// Which side nominates (RFC 8445 §6.1.1): the controlling agent (normally the offerer, always
/// the full agent facing an ice-lite peer) or the controlled one.
public enum ICERole: String, Sendable, Hashable {
    /// Nominates the pair to use (sends USE-CANDIDATE).
    case controlling
    /// Follows the controlling agent's nomination.
    case controlled

    /// The other role.
    public var flipped: ICERole { self == .controlling ? .controlled : .controlling }
}

/// The media direction attribute: `a=sendrecv`, `a=sendonly`, `a=recvonly`, `a=inactive`
/// (RFC 8866 §6.7, RFC 3264 §5.1, §6.1). Without one, a stream is `sendrecv`.
public enum SDPDirection: String, Sendable, Hashable, CaseIterable {
    /// Send and receive.
    case sendrecv
    /// Send only.
    case sendonly
    /// Receive only.
    case recvonly
    /// Neither send nor receive.
    case inactive

    /// Creates the direction that sends and/or receives as given.
    public init(sends: Bool, receives: Bool) {
        switch (sends, receives) {
        case (true, true): self = .sendrecv
        case (true, false): self = .sendonly
        case (false, true): self = .recvonly
        case (false, false): self = .inactive
        }
    }

    /// The direction whose raw value is exactly `bytes` (case-sensitive, as `init(rawValue:)`).
    init?(exactly bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.equals("sendrecv") {
            self = .sendrecv
        } else if bytes.equals("sendonly") {
            self = .sendonly
        } else if bytes.equals("recvonly") {
            self = .recvonly
        } else if bytes.equals("inactive") {
            self = .inactive
        } else {
            return nil
        }
    }

    /// The attribute kind of `a=<direction>`.
    var attributeKind: SDPAttributeKind {
        switch self {
        case .sendrecv: .sendrecv
        case .sendonly: .sendonly
        case .recvonly: .recvonly
        case .inactive: .inactive
        }
    }

    /// True for `sendrecv` and `sendonly`.
    public var sends: Bool { self == .sendrecv || self == .sendonly }

    /// True for `sendrecv` and `recvonly`.
    public var receives: Bool { self == .sendrecv || self == .recvonly }

    /// The same direction seen from the other side (`sendonly` ↔ `recvonly`).
    public var reversed: SDPDirection { SDPDirection(sends: receives, receives: sends) }

    /// The direction an answerer writes for an offered stream with this direction, given the
    /// direction the answerer wants (RFC 3264 §6.1): it may send only if the offerer receives,
    /// and receive only if the offerer sends; an `inactive` offer gets `inactive`.
    public func answer(wanting local: SDPDirection) -> SDPDirection {
        SDPDirection(sends: receives && local.sends, receives: sends && local.receives)
    }
}

/// A number the edge answers itself, without media.
public enum SIPEdgeBuiltIn: Sendable, Hashable {
    /// Every INVITE is refused with 486 Busy Here.
    case busy
    /// Every INVITE rings (180) and is never answered; a CANCEL ends it with 487.
    case noAnswer
}

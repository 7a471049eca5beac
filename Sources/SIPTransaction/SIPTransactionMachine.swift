import SIPCore

/// One of the four transaction state machines, as the core stores it (RFC 3261 §17).
enum SIPTransactionMachine: Sendable {
    case inviteClient(InviteClientStateMachine)
    case nonInviteClient(NonInviteClientStateMachine)
    case inviteServer(InviteServerStateMachine)
    case nonInviteServer(NonInviteServerStateMachine)

    /// Feeds a client event; a server machine ignores it.
    mutating func handle(_ event: SIPClientTransactionEvent) -> [SIPTransactionAction] {
        switch self {
        case .inviteClient(var machine):
            let actions = machine.handle(event)
            self = .inviteClient(machine)
            return actions
        case .nonInviteClient(var machine):
            let actions = machine.handle(event)
            self = .nonInviteClient(machine)
            return actions
        case .inviteServer, .nonInviteServer:
            return []
        }
    }

    /// Feeds a server event; a client machine ignores it.
    mutating func handle(_ event: SIPServerTransactionEvent) -> [SIPTransactionAction] {
        switch self {
        case .inviteServer(var machine):
            let actions = machine.handle(event)
            self = .inviteServer(machine)
            return actions
        case .nonInviteServer(var machine):
            let actions = machine.handle(event)
            self = .nonInviteServer(machine)
            return actions
        case .inviteClient, .nonInviteClient:
            return []
        }
    }

    /// Feeds a timer firing to whichever machine this is.
    mutating func timerFired(_ timer: SIPTransactionTimer) -> [SIPTransactionAction] {
        switch self {
        case .inviteClient, .nonInviteClient: return handle(SIPClientTransactionEvent.timerFired(timer))
        case .inviteServer, .nonInviteServer: return handle(SIPServerTransactionEvent.timerFired(timer))
        }
    }

    /// Feeds a transport error to whichever machine this is.
    mutating func transportFailed() -> [SIPTransactionAction] {
        switch self {
        case .inviteClient, .nonInviteClient: return handle(SIPClientTransactionEvent.transportError)
        case .inviteServer, .nonInviteServer: return handle(SIPServerTransactionEvent.transportError)
        }
    }

    /// Whether this is an INVITE server transaction (the only kind an ACK can match).
    var isInviteServer: Bool {
        if case .inviteServer = self { return true }
        return false
    }
}

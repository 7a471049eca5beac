import SIPCore

/// One of the four transaction state machines, as the core stores it (RFC 3261 §17).
enum SIPTransactionMachine: Sendable {
    case inviteClient(InviteClientStateMachine)
    case nonInviteClient(NonInviteClientStateMachine)
    case inviteServer(InviteServerStateMachine)
    case nonInviteServer(NonInviteServerStateMachine)

    /// Feeds a client event; a server machine ignores it. The machine is updated in place.
    mutating func handle<Sink: SIPTransactionActionSink>(_ event: SIPClientTransactionEvent, into sink: inout Sink) {
        switch consume self {
        case .inviteClient(var machine):
            machine.handle(event, into: &sink)
            self = .inviteClient(machine)
        case .nonInviteClient(var machine):
            machine.handle(event, into: &sink)
            self = .nonInviteClient(machine)
        case let other:
            self = other
        }
    }

    /// Feeds a server event; a client machine ignores it. The machine is updated in place.
    mutating func handle<Sink: SIPTransactionActionSink>(_ event: SIPServerTransactionEvent, into sink: inout Sink) {
        switch consume self {
        case .inviteServer(var machine):
            machine.handle(event, into: &sink)
            self = .inviteServer(machine)
        case .nonInviteServer(var machine):
            machine.handle(event, into: &sink)
            self = .nonInviteServer(machine)
        case let other:
            self = other
        }
    }

    /// Feeds a timer firing to whichever machine this is.
    mutating func timerFired<Sink: SIPTransactionActionSink>(_ timer: SIPTransactionTimer, into sink: inout Sink) {
        if isClient {
            handle(SIPClientTransactionEvent.timerFired(timer), into: &sink)
        } else {
            handle(SIPServerTransactionEvent.timerFired(timer), into: &sink)
        }
    }

    /// Feeds a transport error to whichever machine this is.
    mutating func transportFailed<Sink: SIPTransactionActionSink>(into sink: inout Sink) {
        if isClient {
            handle(SIPClientTransactionEvent.transportError, into: &sink)
        } else {
            handle(SIPServerTransactionEvent.transportError, into: &sink)
        }
    }

    /// Whether this is a client machine.
    var isClient: Bool {
        switch self {
        case .inviteClient, .nonInviteClient: return true
        case .inviteServer, .nonInviteServer: return false
        }
    }

    /// Whether this is an INVITE server transaction (the only kind an ACK can match).
    var isInviteServer: Bool {
        if case .inviteServer = self { return true }
        return false
    }
}

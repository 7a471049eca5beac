import SIPCore
import SIPUserAgent
import StackCore

/// Runs a ``SIPRegistrationStateMachine`` against a ``RegistrarStub`` synchronously: every sent
/// REGISTER is answered at once (at `now`), and every state the machine passes through is kept.
struct RegistrationDriver {
    var machine = RegistrationFixtures.machine()
    var registrar = RegistrarStub()
    var now = StackInstant.zero
    /// The state after every input, in order.
    private(set) var states: [SIPRegistrationState] = []
    private(set) var events: [SIPRegistrationEvent] = []
    /// The armed refresh deadline, if any.
    private(set) var refreshDeadline: StackInstant?

    mutating func run(_ input: SIPRegistrationStateMachine.Input) {
        let actions = machine.handle(input)
        states.append(machine.state)
        for action in actions {
            switch action {
            case .send(let request):
                // Over the wire, as the transaction layer would send it (with a branch).
                let wire = (try? SIPMessage(parsing: request.serialized())) ?? request
                if let response = registrar.answer(wire) { run(.response(response, at: now)) }
            case .startRefreshTimer(let deadline): refreshDeadline = deadline
            case .cancelRefreshTimer: refreshDeadline = nil
            case .emit(let event): events.append(event)
            }
        }
    }

    /// Moves time to the refresh deadline and fires it.
    mutating func fireRefresh() {
        guard let deadline = refreshDeadline else { return }
        now = deadline
        refreshDeadline = nil
        run(.refreshTimerFired)
    }

    /// `CSeq number/Expires/has Authorization` of every request the registrar saw.
    var requestSummary: [String] {
        registrar.requests.map {
            "\($0.cseq?.sequence ?? 0) \($0.expires.map(String.init) ?? "-") \($0.authorization.isEmpty ? "-" : "auth")"
        }
    }
}

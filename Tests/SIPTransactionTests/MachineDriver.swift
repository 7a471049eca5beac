import SIPCore
import StackCore
import Synchronization
@testable import SIPTransaction

/// A state machine the driver can run: its event type and how a timer firing is spelled.
protocol DrivenMachine: Sendable {
    associatedtype Event: Sendable
    mutating func handle(_ event: Event) -> [SIPTransactionAction]
    static func timerEvent(_ timer: SIPTransactionTimer) -> Event
}

extension InviteClientStateMachine: DrivenMachine {
    static func timerEvent(_ timer: SIPTransactionTimer) -> SIPClientTransactionEvent { .timerFired(timer) }
}
extension NonInviteClientStateMachine: DrivenMachine {
    static func timerEvent(_ timer: SIPTransactionTimer) -> SIPClientTransactionEvent { .timerFired(timer) }
}
extension InviteServerStateMachine: DrivenMachine {
    static func timerEvent(_ timer: SIPTransactionTimer) -> SIPServerTransactionEvent { .timerFired(timer) }
}
extension NonInviteServerStateMachine: DrivenMachine {
    static func timerEvent(_ timer: SIPTransactionTimer) -> SIPServerTransactionEvent { .timerFired(timer) }
}

/// Runs one state machine on a `TestClock`: performs its actions synchronously (timers on the
/// clock, sends and TU deliveries into a log stamped with the clock's time in milliseconds).
final class MachineDriver<Machine: DrivenMachine>: Sendable {
    struct Log: Sendable {
        /// (ms, message) for every `.send`.
        var sent: [(ms: Int64, message: SIPMessage)] = []
        /// (ms, message) for every `.passToTU`.
        var toTU: [(ms: Int64, message: SIPMessage)] = []
        var timeouts: [Int64] = []
        var transportErrors: [Int64] = []
        var terminatedAt: Int64?
    }

    private struct State: Sendable {
        var machine: Machine
        var log = Log()
        var armed: [SIPTransactionTimer: StackTimer] = [:]
    }

    let clock = TestClock()
    private let state: Mutex<State>

    init(_ machine: Machine) {
        state = Mutex(State(machine: machine))
    }

    var machine: Machine { state.withLock { $0.machine } }
    var log: Log { state.withLock { $0.log } }
    var sentTimes: [Int64] { log.sent.map(\.ms) }
    var armedTimers: Set<SIPTransactionTimer> {
        state.withLock { Set($0.armed.filter { $0.value.isArmed }.keys) }
    }

    /// Feeds an event now.
    func handle(_ event: Machine.Event) {
        let scheduler = TimerScheduler(clock: clock)
        state.withLock { state in
            let now = clock.now.nanoseconds / 1_000_000
            for action in state.machine.handle(event) {
                switch action {
                case .send(let message): state.log.sent.append((now, message))
                case .passToTU(let message): state.log.toTU.append((now, message))
                case .timeout: state.log.timeouts.append(now)
                case .transportError: state.log.transportErrors.append(now)
                case .terminated: state.log.terminatedAt = now
                case .cancelTimer(let timer): state.armed[timer]?.cancel()
                case .startTimer(let timer, let duration):
                    state.armed[timer]?.cancel()
                    state.armed[timer] = scheduler.schedule(after: duration) { [weak self] in
                        self?.handle(Machine.timerEvent(timer))
                    }
                }
            }
        }
    }

    /// Advances the clock to `ms` milliseconds, running every timer due on the way.
    func advance(toMs ms: Int64) {
        clock.advance(to: StackInstant(nanoseconds: ms * 1_000_000))
    }
}

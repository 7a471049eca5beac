import SIPCore
import Synchronization

/// One thing that arrived on a connection of a running case.
public struct ConformanceInbound: Sendable {
    /// What arrived.
    public enum Event: Sendable {
        /// A SIP message, with the bytes it was parsed from.
        case message(SIPMessage, raw: [UInt8])
        /// Bytes that do not parse as a SIP message (the parser's reason).
        case unparsable(raw: [UInt8], reason: String)
        /// A WebSocket frame that breaks RFC 7118 §5 or RFC 6455 §5 (the reason).
        case frameProblem(String)
        /// The connection closed; `code` is the WebSocket close code when a Close frame came.
        case closed(code: Int?)
    }

    /// The connection's name in the scenario (`main` unless the scenario opened others).
    public var connection: String
    /// What arrived.
    public var event: Event
    /// When it arrived.
    public var at: ContinuousClock.Instant
}

/// A queue of inbound events that one task waits on with a deadline; connections' event
/// loops push into it.
final class ConformanceMailbox: Sendable {
    private struct State {
        var queue: [ConformanceInbound] = []
        var head = 0
        var waiter: CheckedContinuation<ConformanceInbound?, Never>?
        var waiterID = 0
        var expiredID = 0
    }

    private let state = Mutex(State())

    /// Adds an event, waking the waiter.
    func push(_ inbound: ConformanceInbound) {
        let waiter = state.withLock { state -> CheckedContinuation<ConformanceInbound?, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.queue.append(inbound)
            return nil
        }
        waiter?.resume(returning: inbound)
    }

    /// The next event, or nil when `deadline` passes first.
    func next(before deadline: ContinuousClock.Instant) async -> ConformanceInbound? {
        if let ready = take() { return ready }
        if deadline <= .now { return nil }
        let id = state.withLock { state -> Int in
            state.waiterID += 1
            return state.waiterID
        }
        let timeout = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            self?.expire(id)
        }
        defer { timeout.cancel() }
        return await withCheckedContinuation { continuation in
            // Decided under the lock: an event ready, the deadline already expired, or wait.
            let decision = state.withLock { state -> ConformanceInbound?? in
                if state.head < state.queue.count { return .some(takeLocked(&state)) }
                if state.expiredID == id { return .some(nil) }
                state.waiter = continuation
                return .none
            }
            if case .some(let ready) = decision { continuation.resume(returning: ready) }
        }
    }

    private func take() -> ConformanceInbound? {
        state.withLock { state in state.head < state.queue.count ? takeLocked(&state) : nil }
    }

    private func takeLocked(_ state: inout State) -> ConformanceInbound {
        let item = state.queue[state.head]
        state.head += 1
        if state.head == state.queue.count {
            state.queue.removeAll(keepingCapacity: true)
            state.head = 0
        }
        return item
    }

    private func expire(_ id: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<ConformanceInbound?, Never>? in
            state.expiredID = id
            guard state.waiterID == id, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: nil)
    }
}

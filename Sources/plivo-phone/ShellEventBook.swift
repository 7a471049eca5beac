import PlivoSDK
import Synchronization

/// The events a `shell` run has seen, for its `wait` command: each `wait NAME` takes the next
/// occurrence of NAME that no earlier `wait` took, so a script never misses an event that
/// came before it asked, and never takes one twice.
final class ShellEventBook: Sendable {
    private struct Waiter {
        let id: Int
        let names: Set<PlivoEventName>
        let continuation: CheckedContinuation<PlivoEventName?, Never>
    }

    private struct State {
        /// Every event name seen, in order.
        var seen: [PlivoEventName] = []
        /// For each name, the index in `seen` after its last taken occurrence.
        var cursor: [PlivoEventName: Int] = [:]
        var waiter: Waiter?
        var nextID = 0
        /// No more events will come (the client closed).
        var closed = false
        /// The waits that timed out or were cancelled before they registered.
        var givenUp: Set<Int> = []

        /// Takes the earliest untaken occurrence of one of `names`.
        mutating func take(_ names: Set<PlivoEventName>) -> PlivoEventName? {
            var best: Int?
            for name in names {
                let from = cursor[name, default: 0]
                guard from < seen.count, let index = seen[from...].firstIndex(of: name) else { continue }
                if best.map({ index < $0 }) ?? true { best = index }
            }
            guard let best else { return nil }
            cursor[seen[best]] = best + 1
            return seen[best]
        }
    }

    private let state = Mutex(State())

    /// Records an event (after it was printed).
    func record(_ name: PlivoEventName) {
        let resumed = state.withLock { state -> (CheckedContinuation<PlivoEventName?, Never>, PlivoEventName)? in
            state.seen.append(name)
            guard let waiter = state.waiter, let taken = state.take(waiter.names) else { return nil }
            state.waiter = nil
            return (waiter.continuation, taken)
        }
        if let (continuation, taken) = resumed { continuation.resume(returning: taken) }
    }

    /// No more events: a pending `next` returns nil.
    func close() {
        let waiter = state.withLock { state -> Waiter? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.continuation.resume(returning: nil)
    }

    /// The next untaken occurrence of one of `names`, waiting up to `timeout`; nil on timeout,
    /// cancellation or once the client has closed.
    func next(of names: Set<PlivoEventName>, within timeout: Duration) async -> PlivoEventName? {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.giveUp(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<PlivoEventName?, Never>) in
                let answer = state.withLock { state -> PlivoEventName?? in
                    if let taken = state.take(names) { return .some(taken) }
                    if state.closed || state.givenUp.remove(id) != nil { return .some(nil) }
                    state.waiter = Waiter(id: id, names: names, continuation: continuation)
                    return .none
                }
                if case .some(let taken) = answer { continuation.resume(returning: taken) }
            }
        } onCancel: {
            self.giveUp(id)
        }
    }

    /// Ends the wait `id` with nil, if it is still pending.
    private func giveUp(_ id: Int) {
        let waiter = state.withLock { state -> Waiter? in
            guard let waiter = state.waiter, waiter.id == id else {
                state.givenUp.insert(id)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.continuation.resume(returning: nil)
    }
}

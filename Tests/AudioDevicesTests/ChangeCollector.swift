import AudioDevices
import Synchronization

/// Drains a client's `changes` stream in a task, keeping every event and whether the stream
/// finished, so tests can poll for what they expect with a deadline.
final class ChangeCollector: Sendable {
    /// The collected state, shared with the draining task.
    private final class Storage: Sendable {
        let state = Mutex<(changes: [AudioDeviceChange], finished: Bool)>(([], false))
    }

    private let storage = Storage()
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<AudioDeviceChange>) {
        let storage = self.storage
        task = Task {
            for await change in stream { storage.state.withLock { $0.changes.append(change) } }
            storage.state.withLock { $0.finished = true }
        }
    }

    deinit { task.cancel() }

    /// The events so far.
    var changes: [AudioDeviceChange] { storage.state.withLock { $0.changes } }
    /// Whether the stream has finished.
    var finished: Bool { storage.state.withLock { $0.finished } }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes; whether it held.
    func wait(timeout: Duration = .seconds(5), until condition: (ChangeCollector) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }
}

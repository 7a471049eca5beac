import StackCore

/// The seed's `volume` events: ``AudioCallControls/volume`` sampled about 60 times a second
/// (the SDK's `requestAnimationFrame` rate), on deadlines start + n/60 s of an injected clock
/// (no drift), into a newest-only stream: a slow reader skips stale levels instead of
/// queueing them.
public final class VolumeEventSource: Sendable {
    /// The events; finishes after ``stop()``.
    public let events: AsyncStream<AudioVolume>
    private let task: Task<Void, Never>

    /// Starts sampling `controls` every `interval` (1/60 s) on `clock`.
    public init(controls: AudioCallControls, clock: any StackClock = SystemClock(),
                interval: Duration = .nanoseconds(16_666_667)) {
        let (events, continuation) = AsyncStream.makeStream(of: AudioVolume.self, bufferingPolicy: .bufferingNewest(1))
        self.events = events
        let step = interval > .zero ? interval : .nanoseconds(16_666_667)
        task = Task {
            let start = clock.now
            var tick: Int64 = 1
            while !Task.isCancelled {
                do {
                    try await clock.sleep(until: start.advanced(by: step * tick))
                } catch {
                    break
                }
                continuation.yield(controls.volume)
                tick += 1
            }
            continuation.finish()
        }
    }

    /// Stops sampling; the stream finishes. Idempotent.
    public func stop() {
        task.cancel()
    }

    deinit {
        task.cancel()
    }
}

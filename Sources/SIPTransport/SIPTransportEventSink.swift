import NIOCore
import Synchronization

/// The producer side of a transport's `events` stream plus its counters; shared by the
/// transport and its channel handlers, which emit from the event loop with no actor hop.
final class SIPTransportEventSink: Sendable {
    /// The stream the owner reads.
    let events: AsyncStream<SIPTransportEvent>
    private let continuation: AsyncStream<SIPTransportEvent>.Continuation
    private let counters = Mutex(SIPTransportStatistics())

    /// Creates a sink whose stream buffers at most `bufferSize` undelivered events.
    init(bufferSize: Int) {
        (events, continuation) = AsyncStream.makeStream(of: SIPTransportEvent.self,
                                                        bufferingPolicy: .bufferingOldest(max(1, bufferSize)))
    }

    /// Emits an event, counting it when the buffer is full.
    func emit(_ event: SIPTransportEvent) {
        if case .dropped = continuation.yield(event) {
            counters.withLock { $0.eventsDropped += 1 }
        }
    }

    /// Updates the counters and returns what `body` returns.
    func count<R>(_ body: (inout SIPTransportStatistics) -> R) -> R {
        counters.withLock { body(&$0) }
    }

    /// Counts a queued write as sent or failed when it completes (no waiting).
    func countWhenDone(_ write: EventLoopFuture<Void>) {
        write.whenComplete { [self] result in
            switch result {
            case .success: count { $0.messagesSent += 1 }
            case .failure: count { $0.sendFailures += 1 }
            }
        }
    }

    /// Waits for a queued write, counting it as sent or failed; a failure is `writeFailed`.
    func awaitWrite(_ write: EventLoopFuture<Void>) async throws(SIPTransportError) {
        do {
            try await write.get()
            count { $0.messagesSent += 1 }
        } catch {
            count { $0.sendFailures += 1 }
            throw .writeFailed("\(error)")
        }
    }

    /// A snapshot of the counters.
    var statistics: SIPTransportStatistics { counters.withLock { $0 } }

    /// Ends the stream after the events already emitted.
    func finish() { continuation.finish() }
}

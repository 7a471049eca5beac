import NIOCore
import Synchronization

/// Completes the promise of one WebSocket connection attempt exactly once, from whichever
/// side decides first: the upgrade, a refusal, a closed connection or the handshake timeout.
final class SIPWebSocketHandshakeOutcome: Sendable {
    private let promise: Mutex<EventLoopPromise<any Channel>?>
    /// The channel once upgraded, or the attempt's failure.
    let futureResult: EventLoopFuture<any Channel>

    /// Wraps `promise`.
    init(_ promise: EventLoopPromise<any Channel>) {
        self.promise = Mutex(promise)
        self.futureResult = promise.futureResult
    }

    /// Whether the attempt has been decided.
    var isDecided: Bool { promise.withLock { $0 == nil } }

    /// Succeeds with the upgraded channel; false when already decided.
    @discardableResult
    func succeed(_ channel: any Channel) -> Bool {
        guard let promise = take() else { return false }
        promise.succeed(channel)
        return true
    }

    /// Fails with `error`; false when already decided.
    @discardableResult
    func fail(_ error: SIPTransportError) -> Bool {
        guard let promise = take() else { return false }
        promise.fail(error)
        return true
    }

    private func take() -> EventLoopPromise<any Channel>? {
        promise.withLock { promise in
            defer { promise = nil }
            return promise
        }
    }
}

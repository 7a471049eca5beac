import NIOCore
import NIOPosix
import SIPCore
import SIPTransport
import Testing

/// A wait that took longer than the test allows.
struct TestTimeout: Error, CustomStringConvertible {
    var description: String { "timed out" }
}

/// Runs `body`, failing with `TestTimeout` after `seconds` so that a test never hangs.
func withTimeout<T: Sendable>(_ seconds: Int = 5, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TestTimeout()
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else { throw TestTimeout() }
        return result
    }
}

/// Collects the elements of an async stream so that a test can wait for the first one matching
/// a predicate without losing the others.
actor AsyncLog<Element: Sendable> {
    private var buffer: [Element] = []
    private var finished = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var pump: Task<Void, Never>?

    init() {}

    /// Starts collecting `stream`.
    static func collecting(_ stream: AsyncStream<Element>) -> AsyncLog<Element> {
        let log = AsyncLog<Element>()
        Task { await log.start(stream) }
        return log
    }

    private func start(_ stream: AsyncStream<Element>) {
        pump = Task {
            for await element in stream { self.append(element) }
            self.finish()
        }
    }

    /// Adds an element and wakes the waiters.
    func append(_ element: Element) {
        buffer.append(element)
        wake()
    }

    /// Marks the end of the stream.
    func finish() {
        finished = true
        wake()
    }

    private func wake() {
        let current = waiters
        waiters = []
        for waiter in current { waiter.resume() }
    }

    /// Removes and returns the first element matching `predicate`, waiting (at most 5 s) for it;
    /// nil when the stream ended without one.
    func take(where predicate: @Sendable (Element) -> Bool) async throws -> Element? {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            if let index = buffer.firstIndex(where: predicate) { return buffer.remove(at: index) }
            if finished { return nil }
            guard ContinuousClock.now < deadline, !Task.isCancelled else { throw TestTimeout() }
            try await waitForChange(until: deadline)
        }
    }

    /// Whether the stream has ended.
    func hasFinished() async throws -> Bool {
        _ = try await take { _ in false }
        return finished
    }

    /// Every element collected so far (not removed).
    var elements: [Element] { buffer }

    private func waitForChange(until deadline: ContinuousClock.Instant) async throws {
        // A timer task wakes this actor at the deadline, so a missing event fails the test.
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline)
            await self?.timeoutTick()
        }
        defer { timer.cancel() }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func timeoutTick() { wake() }
}

/// Test SIP messages.
enum TestMessages {
    /// An OPTIONS request with the given branch and an optional body.
    static func options(branch: String = "z9hG4bK776asdhds", body: String = "") -> SIPMessage {
        // swiftlint:disable:next force_try
        try! SIPMessage(parsing: optionsText(branch: branch, body: body))
    }

    /// The text of an OPTIONS request; `maxForwardsLine` replaces the Max-Forwards line, and
    /// Content-Length is left out when `contentLength` is false.
    static func optionsText(branch: String = "z9hG4bK776asdhds", body: String = "",
                            maxForwardsLine: String = "Max-Forwards: 70", contentLength: Bool = true) -> String {
        var text = "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
        text += "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=\(branch)\r\n"
        text += maxForwardsLine + "\r\n"
        text += "To: <sip:bob@127.0.0.1>\r\n"
        text += "From: Alice <sip:alice@127.0.0.1>;tag=1928301774\r\n"
        text += "Call-ID: a84b4c76e66710@127.0.0.1\r\n"
        text += "CSeq: 63104 OPTIONS\r\n"
        if !body.isEmpty { text += "Content-Type: text/plain\r\n" }
        if contentLength { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n\(body)"
        return text
    }
}

extension SIPTransportEvent {
    /// The message, when this is a message event.
    var message: SIPMessage? {
        if case .message(let message, _) = self { return message }
        return nil
    }

    /// The parse failure, when this is a parse error event.
    var parseFailure: SIPTransportParseFailure? {
        if case .parseError(let failure) = self { return failure }
        return nil
    }

    /// The connection state, when this is a connection event.
    var connectionState: SIPConnectionState? {
        if case .connectionState(let state, _) = self { return state }
        return nil
    }

    /// The keep-alive kind, when this is a keep-alive event.
    var keepAlive: KeepAlive? {
        if case .keepAlive(let kind, _) = self { return kind }
        return nil
    }
}

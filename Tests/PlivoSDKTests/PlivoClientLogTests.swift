import Logging
import PlivoSDK
import Synchronization
import Testing

/// The `debug` option and `setDebug(level)` over swift-log: what reaches a handler at each
/// level, and the recent lines kept for feedback.
@Suite struct PlivoClientLogTests {
    final class Sink: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    /// A handler that keeps `level message` of every line it lets through (a swift-log
    /// handler filters by its own `logLevel`, which the SDK sets from its level).
    struct Capture: LogHandler {
        let sink: Sink
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            guard event.level >= logLevel else { return }
            sink.lines.withLock { $0.append("\(event.level) \(event.message)") }
        }
    }

    static func client(debug: PlivoLogLevel, sink: Sink) -> PlivoClient {
        PlivoClient(options: PlivoOptions(debug: debug, servers: ["ws://127.0.0.1:9/"]),
                    logger: Logger(label: "test") { _ in Capture(sink: sink) })
    }

    @Test("INFO: a refused login is a warning line with the cause; setDebug(OFF) silences it, ERROR keeps only errors")
    func levels() async {
        let sink = Sink()
        let client = Self.client(debug: .info, sink: sink)
        #expect(client.debugLevel == .info)
        #expect(await client.login(username: "alice", password: "") == false)
        #expect(sink.all == ["warning onLoginFailed {cause: Username and password must be filled out}"])
        client.setDebug(.off)
        #expect(client.debugLevel == .off)
        #expect(await client.login(username: "alice", password: "") == false)
        client.setDebug(.error)
        #expect(await client.login(username: "alice", password: "") == false)
        #expect(sink.all.count == 1)
        await client.close()
    }

    @Test("INFO writes the login attempt and the connection failures; the kept lines have the SDK's shape")
    func infoLinesAndRecent() async {
        let sink = Sink()
        let client = Self.client(debug: .info, sink: sink)
        #expect(await client.login(username: "alice", password: "pw") == false)
        let lines = sink.all
        #expect(lines.first == "info login as alice via ws://127.0.0.1:9/", "\(lines)")
        #expect(lines.contains { $0.hasPrefix("warning cannot connect to ws://127.0.0.1:9/") }, "\(lines)")
        #expect(lines.last == "warning onLoginFailed {cause: Connection Error}", "\(lines)")
        let recent = client.recentLogLines
        #expect(recent.count == lines.count)
        // `[2026-11-30T06:51:02.123Z] PlivoSDK : alice  [INFO] login as alice via …`
        let first = recent.first ?? ""
        #expect(first.hasPrefix("[") && first.contains("Z] PlivoSDK : alice  [INFO] login as alice"), "\(first)")
        #expect(first.dropFirst().prefix(24).count == 24)
        await client.close()
    }

    @Test("DEBUG and ALL set the handler's level so nothing is filtered twice")
    func handlerLevel() async {
        let sink = Sink()
        let client = Self.client(debug: .all, sink: sink)
        #expect(await client.login(username: "", password: "") == false)
        #expect(sink.all.count == 1)
        client.setDebug(.warn)
        #expect(await client.login(username: "alice", password: "pw") == false)
        // WARN: no `login as` info line, the failures only.
        #expect(sink.all.dropFirst().allSatisfy { $0.hasPrefix("warning") }, "\(sink.all)")
        await client.close()
    }
}

import SIPCore
import SIPTransport
import SIPUserAgent
import StackCore
import Synchronization
import Testing

/// A `SIPMessageTransport` the test drives: it records what is sent and can drop its
/// connection.
final class ScriptedTransport: SIPMessageTransport {
    let kind: SIPTransportKind = .ws
    let localAddress: SIPTransportAddress? = nil
    let statistics = SIPTransportStatistics()
    let events: AsyncStream<SIPTransportEvent>
    private let sink: AsyncStream<SIPTransportEvent>.Continuation
    private let record = Mutex<(sent: [String], closed: Bool)>(([], false))

    init() {
        (events, sink) = AsyncStream.makeStream(of: SIPTransportEvent.self)
    }

    /// `METHOD → host:port` for every message sent.
    var sent: [String] { record.withLock { $0.sent } }
    var isClosed: Bool { record.withLock { $0.closed } }

    func send(_ message: SIPMessage, to address: SIPTransportAddress) throws(SIPTransportError) {
        record.withLock { $0.sent.append("\(message.method?.rawValue ?? "-") → \(address.host):\(address.port)") }
    }

    func write(_ message: SIPMessage, to address: SIPTransportAddress) async throws(SIPTransportError) {
        try send(message, to: address)
    }

    /// The connection is lost with `code`.
    func drop(_ code: SIPCloseCode) {
        sink.yield(.connectionState(.disconnected(reason: code), peer: SIPTransportAddress(host: "127.0.0.1", port: 1)))
    }

    func close() async {
        record.withLock { $0.closed = true }
        sink.finish()
    }
}

/// ``SIPReconnectingTransport`` on a `TestClock`: reconnect after the back-off at the next
/// server, keep-alive timeout (Plivo behaviour §4.3, §4.4).
@Suite struct SIPReconnectingTransportTests {
    static let servers = [SIPTransportAddress(host: "127.0.0.1", port: 5060),
                          SIPTransportAddress(host: "127.0.0.2", port: 5062)]

    static func options() throws -> SIPMessage {
        try SIPMessageBuilder.request(
            method: .options, uri: SIPURI(host: .ipv4("127.0.0.1")),
            headers: [SIPParameter("Via", "SIP/2.0/WS a.invalid;branch=z9hG4bK1"), SIPParameter("Call-ID", "x"),
                      SIPParameter("CSeq", "1 OPTIONS"), SIPParameter("From", "<sip:a@b>;tag=1"),
                      SIPParameter("To", "<sip:a@b>")])
    }

    /// Waits (yielding, no real time) until the clock's next deadline is `seconds`: the
    /// supervisor arms its timers on its own actor.
    static func deadline(_ clock: TestClock, is seconds: Int64) async -> Bool {
        let expected = StackInstant(nanoseconds: seconds * 1_000_000_000)
        for _ in 0..<100_000 {
            if clock.nextDeadline == expected { return true }
            await Task.yield()
        }
        return false
    }

    @Test("§4.4: a drop is reported (1006), the next server is opened after 2 s, messages follow the new link")
    func reconnectsToNextServer() async throws {
        let clock = TestClock()
        let first = ScriptedTransport(), second = ScriptedTransport()
        let opened = Mutex<[Int]>([])
        let transport = SIPReconnectingTransport(
            kind: .ws, clock: clock, jitter: { 0.5 },
            open: { index in
                opened.withLock { $0.append(index) }
                return .init(transport: second, server: Self.servers[index % 2])
            },
            ping: { _ in true })
        var changes = transport.changes.makeAsyncIterator()
        await transport.start(adopting: .init(transport: first, server: Self.servers[0]), serverCount: 2)
        #expect(await changes.next() == .connected)
        try transport.send(Self.options(), to: SIPTransportAddress(host: "192.0.2.9", port: 9))
        #expect(first.sent == ["OPTIONS → 127.0.0.1:5060"])

        first.drop(.abnormal)
        #expect(await changes.next() == .disconnected(code: .abnormal, reason: "Abnormal closure"))
        #expect(throws: SIPTransportError.self) { try transport.send(Self.options(), to: Self.servers[0]) }
        #expect(await Self.deadline(clock, is: 2))
        clock.advance(by: .seconds(2))
        #expect(await changes.next() == .connected)
        #expect(opened.withLock { $0 } == [1])
        try transport.send(Self.options(), to: Self.servers[0])
        #expect(second.sent == ["OPTIONS → 127.0.0.2:5062"])
        await transport.close()
        #expect(second.isClosed)
    }

    @Test("§4.3: an OPTIONS ping unanswered for 2 s closes the link and reports Ping Timed Out")
    func pingTimeout() async throws {
        let clock = TestClock()
        let first = ScriptedTransport()
        let pings = Mutex(0)
        let transport = SIPReconnectingTransport(
            kind: .ws, clock: clock, jitter: { 0.5 },
            open: { _ in .init(transport: ScriptedTransport(), server: Self.servers[1]) },
            ping: { _ in
                pings.withLock { $0 += 1 }
                return false
            })
        var changes = transport.changes.makeAsyncIterator()
        await transport.start(adopting: .init(transport: first, server: Self.servers[0]), serverCount: 2)
        #expect(await changes.next() == .connected)
        #expect(await Self.deadline(clock, is: 5))
        clock.advance(by: .seconds(5))
        #expect(await Self.deadline(clock, is: 7))
        clock.advance(by: .seconds(2))
        #expect(await changes.next() == .disconnected(code: .normal, reason: "Ping Timed Out"))
        #expect(pings.withLock { $0 } == 1)
        await transport.close()
    }
}

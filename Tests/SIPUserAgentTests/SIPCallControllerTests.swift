import SIPCore
import SIPTransaction
import SIPUserAgent
import StackCore
import Synchronization
import Testing

/// Two transaction layers wired back to back over a reliable in-memory link (as if through a
/// WebSocket): what one sends, the other receives (serialized and parsed again, on a task, as
/// a socket's read loop would deliver it).
final class BackToBackLink: Sendable {
    final class End: SIPTransactionTransport {
        let name: String
        let peer = Mutex<(layer: SIPTransactionLayer?, from: SIPTransactionDestination?)>((nil, nil))
        let log = Mutex<[String]>([])

        init(name: String) { self.name = name }

        func send(_ message: SIPMessage, to destination: SIPTransactionDestination) throws {
            let wire = try SIPMessage(parsing: message.serialized())
            let start = message.method.map { "\($0.rawValue)" } ?? "\(message.statusCode ?? 0) \(message.cseq?.method.rawValue ?? "")"
            log.withLock { $0.append(start) }
            let (layer, from) = peer.withLock { ($0.layer, $0.from) }
            guard let layer, let from else { return }
            Task { await layer.receive(wire, from: from) }
        }
    }

    let alice = End(name: "alice")
    let bob = End(name: "bob")
    static let aliceAddress = SIPTransactionDestination(host: "127.0.0.1", port: 5061, transport: "WS")
    static let bobAddress = SIPTransactionDestination(host: "127.0.0.1", port: 5062, transport: "WS")

    /// Connects the two layers (alice's sends reach bob's layer and the other way round).
    func connect(alice aliceLayer: SIPTransactionLayer, bob bobLayer: SIPTransactionLayer) {
        alice.peer.withLock { $0 = (bobLayer, Self.aliceAddress) }
        bob.peer.withLock { $0 = (aliceLayer, Self.bobAddress) }
    }
}

/// ``SIPCallController``: whole calls between two controllers, routed by Call-ID and dialog.
@Suite(.timeLimit(.minutes(1)))
struct SIPCallControllerTests {
    static func configuration(_ user: String, port: Int) -> SIPCallConfiguration {
        SIPCallConfiguration(
            localAddress: SIPNameAddress(uri: SIPURI(user: user, host: .domain("example.com"))),
            contact: SIPURI(user: user, host: .ipv4("127.0.0.1"), port: port,
                            parameters: [SIPParameter("transport", "ws")]),
            via: SIPVia(transport: "WS", host: .ipv4("127.0.0.1"), port: port), reliableTransport: true)
    }

    /// The event kinds of `updates` as short strings.
    static func kind(_ event: SIPCallEvent) -> String {
        switch event {
        case .calling: "calling"
        case .remoteRinging: "remoteRinging"
        case .incoming: "incoming"
        case .accepted: "accepted"
        case .answered: "answered"
        case .failed(let end): "failed \(end.state.rawValue) \(end.cause.rawValue)"
        case .ignored: "ignored"
        case .ended(let end): "ended \(end.originator.rawValue)"
        case .dtmfReceived(let tone, _): "dtmf \(tone)"
        case .infoReceived: "info"
        case .reinvited: "reinvited"
        case .requestFailed(let method, let status): "requestFailed \(method.rawValue) \(status)"
        case .released: "released"
        }
    }

    struct Pair {
        let link = BackToBackLink()
        let alice: SIPCallController
        let bob: SIPCallController
        let tasks: [Task<Void, Never>]

        init() async {
            let clock = TestClock()
            let aliceLayer = SIPTransactionLayer(clock: clock, transport: link.alice)
            let bobLayer = SIPTransactionLayer(clock: clock, transport: link.bob)
            link.connect(alice: aliceLayer, bob: bobLayer)
            alice = SIPCallController(layer: aliceLayer, destination: BackToBackLink.bobAddress,
                                      configuration: SIPCallControllerTests.configuration("alice", port: 5061), clock: clock)
            bob = SIPCallController(layer: bobLayer, destination: BackToBackLink.aliceAddress,
                                    configuration: SIPCallControllerTests.configuration("bob", port: 5062), clock: clock)
            let alice = alice, bob = bob
            tasks = [Task { await alice.run() }, Task { await bob.run() }]
        }

        func close() async {
            await alice.close()
            await bob.close()
            for task in tasks { task.cancel() }
        }
    }

    /// Reads events of `controller` until `last` (inclusive).
    static func events(_ iterator: inout AsyncStream<SIPCallController.Update>.AsyncIterator,
                       until last: String) async -> [String] {
        var seen: [String] = []
        while let update = await iterator.next() {
            seen.append(kind(update.event))
            if seen.last == last { break }
        }
        return seen
    }

    @Test("dial → 180 → answer → ACK → DTMF → BYE: both sides' event sequences, both calls released")
    func wholeCall() async throws {
        let pair = await Pair()
        var aliceEvents = pair.alice.events.makeAsyncIterator()
        var bobEvents = pair.bob.events.makeAsyncIterator()
        let callID = await pair.alice.dial(SIPURI(user: "bob", host: .domain("example.com")), body: CallFixtures.offer)
        #expect(await Self.events(&bobEvents, until: "incoming") == ["incoming"])
        #expect(await Self.events(&aliceEvents, until: "remoteRinging") == ["calling", "remoteRinging"])
        try await pair.bob.answer(callID, body: CallFixtures.answer)
        #expect(await Self.events(&aliceEvents, until: "answered") == ["accepted", "answered"])
        #expect(await Self.events(&bobEvents, until: "answered") == ["accepted", "answered"])
        try await pair.alice.sendDTMF(callID, digits: "7")
        #expect(await Self.events(&bobEvents, until: "dtmf 7") == ["dtmf 7"])
        try await pair.bob.hangup(callID)
        #expect(await Self.events(&bobEvents, until: "released") == ["ended local", "released"])
        #expect(await Self.events(&aliceEvents, until: "released") == ["ended remote", "released"])
        #expect(await pair.alice.activeCallIDs.isEmpty)
        #expect(await pair.bob.activeCallIDs.isEmpty)
        #expect(pair.link.alice.log.withLock { $0 } == ["INVITE", "ACK", "INFO", "200 BYE"])
        #expect(pair.link.bob.log.withLock { $0 } == ["180 INVITE", "200 INVITE", "200 INFO", "BYE"])
        await pair.close()
    }

    @Test("a second INVITE while a call rings is answered 486 (allowMultipleIncomingCalls off)")
    func busyWhileRinging() async throws {
        let pair = await Pair()
        var aliceEvents = pair.alice.events.makeAsyncIterator()
        var bobEvents = pair.bob.events.makeAsyncIterator()
        let target = SIPURI(user: "bob", host: .domain("example.com"))
        _ = await pair.alice.dial(target, body: CallFixtures.offer)
        #expect(await Self.events(&bobEvents, until: "incoming") == ["incoming"])
        #expect(await Self.events(&aliceEvents, until: "remoteRinging") == ["calling", "remoteRinging"])
        _ = await pair.alice.dial(target, body: CallFixtures.offer)
        #expect(await Self.events(&aliceEvents, until: "released") == ["calling", "failed failed Busy", "released"])
        await pair.close()
    }
}

import SIPEdge
import Synchronization

/// The embedded local edge with its built-in numbers: a SIP registrar and proxy on loopback
/// (SIP over WebSocket and UDP) that ``PlivoClient``s log in to offline, for demos, tests and
/// development without a Plivo account. Not a production server.
///
/// Besides the accounts given, it answers these numbers:
/// - `echo`: answers and sends back what it hears;
/// - `tone`: answers with a 1 kHz tone;
/// - `dtmf`: answers, records every digit it receives (``receivedDigits``) and sends each one
///   back as DTMF;
/// - `busy`: refuses with 486 Busy Here;
/// - `no-answer`: rings until the caller gives up.
///
/// The media numbers are ``PlivoClient``s of their own, logged in to the edge: the audio they
/// send and take is made by this stack.
public final class PlivoLocalEdge: Sendable {
    /// Where the edge listens.
    public struct Addresses: Sendable, Hashable {
        /// The SIP-over-WebSocket URL clients log in to (`ws://127.0.0.1:PORT/`).
        public var webSocketURL: String
        /// The SIP-over-UDP address, `127.0.0.1:PORT`.
        public var udp: String
    }

    /// The frequency the `tone` number sends.
    public static let toneFrequency = 1_000.0

    private let edge: SIPEdge
    private let numbers: Mutex<[PlivoClient]> = Mutex([])
    private let digits = Mutex("")
    private let subscriptions = Mutex<[PlivoSubscription]>([])

    /// An edge for `accounts` (username → password), in `realm`, on ephemeral loopback ports
    /// unless `webSocketPort`/`udpPort` say otherwise.
    public init(accounts: [String: String] = ["alice": "alice-pw", "bob": "bob-pw"], realm: String = "edge.local",
                webSocketPort: Int = 0, udpPort: Int = 0) {
        var all = accounts
        for number in Self.mediaNumbers where all[number] == nil { all[number] = Self.internalPassword(number) }
        var configuration = SIPEdge.Configuration(realm: realm, accounts: all)
        configuration.webSocketPort = webSocketPort
        configuration.udpPort = udpPort
        edge = SIPEdge(configuration: configuration)
    }

    static let mediaNumbers = ["echo", "tone", "dtmf"]

    static func internalPassword(_ number: String) -> String { "\(number)-\(UInt64.random(in: 1 ... .max))" }

    /// Starts listening and logs the media numbers in; returns where clients connect.
    public func start() async throws -> Addresses {
        let addresses = try await edge.start()
        let accounts = await edge.accounts
        for number in Self.mediaNumbers {
            guard let password = accounts[number] else { continue }
            let input: PlivoMediaOptions.Input = switch number {
            case "echo": .echo
            case "tone": .tone(Self.toneFrequency)
            default: .tone(0)
            }
            let client = PlivoClient(options: PlivoOptions(debug: .warn, servers: [addresses.webSocketURL], stunServers: []),
                                     media: PlivoMediaOptions(input: input, output: .discard))
            let answer = client.on(.onIncomingCall) { event in
                guard case .onIncomingCall(_, _, let info, _) = event else { return }
                Task { await client.answer(callUUID: info.callUUID) }
            }
            var kept = [answer]
            if number == "dtmf" {
                kept.append(client.on(.onDtmfReceived) { [self] event in
                    guard case .onDtmfReceived(let data) = event else { return }
                    self.digits.withLock { $0 += data.tone }
                    Task { await client.sendDtmf(data.tone) }
                })
            }
            let logged = client.events()
            _ = await client.login(username: number, password: password)
            for await event in logged {
                if event.name == .onLogin || event.name == .onLoginFailed { break }
            }
            subscriptions.withLock { $0 += kept }
            numbers.withLock { $0.append(client) }
        }
        return Addresses(webSocketURL: addresses.webSocketURL, udp: "\(addresses.udp.host):\(addresses.udp.port)")
    }

    /// The digits the `dtmf` number received so far.
    public var receivedDigits: String { digits.withLock { $0 } }

    /// The users logged in now (the media numbers included).
    public func registeredUsers() async -> [String] { await edge.registeredUsers }

    /// Whether `host` is locked out for `user` (the seed's 10 failed logins).
    public func isBlocked(host: String, user: String) async -> Bool { await edge.isBlocked(host: host, user: user) }

    /// Logs the numbers out and stops the edge.
    public func stop() async {
        for client in numbers.withLock({ list in defer { list = [] }; return list }) { await client.close() }
        subscriptions.withLock { list in
            for subscription in list { subscription.cancel() }
            list = []
        }
        await edge.stop()
    }
}

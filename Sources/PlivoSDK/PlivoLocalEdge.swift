import Crypto
import SIPEdge
import Synchronization

/// The embedded local edge with its built-in numbers: a SIP registrar and proxy on loopback
/// (SIP over WebSocket, UDP and TCP) that ``PlivoClient``s log in to offline, for demos, tests and
/// development without a Plivo account. Not a production server.
///
/// Besides the accounts given, it answers these numbers:
/// - `echo`: answers and sends back what it hears;
/// - `tone`: answers with a 1 kHz tone;
/// - `dtmf`: answers, logs every digit it receives (``receivedDigits``, and the handler set
///   with ``onDigit(_:)``) and sends each one back as DTMF;
/// - `busy`: refuses with 486 Busy Here;
/// - `no-answer`: rings until the caller gives up.
///
/// The media numbers are ``PlivoClient``s of their own, logged in to the edge: the audio they
/// send and take is made by this stack.
///
/// Access tokens: with `accessTokenKeys` (issuer → secret), a REGISTER carrying `X-Plivo-Jwt`
/// logs in the token's user (`<sub>_<iss>`) when the token is an HS256 JWT signed with its
/// issuer's secret and valid now; otherwise the REGISTER is refused with Plivo's code in
/// `X-Plivo-Jwt-Error-Code` (``PlivoAccessTokenError``), which ``PlivoClient`` reports as its
/// cause. ``makeAccessToken(issuer:secret:subject:lifetime:outgoingAllow:nowMilliseconds:)`` mints such tokens.
/// Calls (INVITE, MESSAGE, SUBSCRIBE, REFER) need the caller's password or token too.
public final class PlivoLocalEdge: Sendable {
    /// Where the edge listens.
    public struct Addresses: Sendable, Hashable {
        /// The SIP-over-WebSocket URL clients log in to (`ws://127.0.0.1:PORT/`).
        public var webSocketURL: String
        /// The SIP-over-UDP address, `127.0.0.1:PORT`.
        public var udp: String
        /// The SIP-over-TCP address, `127.0.0.1:PORT`.
        public var tcp: String
    }

    /// The frequency the `tone` number sends.
    public static let toneFrequency = 1_000.0

    private let edge: SIPEdge
    private let numbers: Mutex<[PlivoClient]> = Mutex([])
    private let digits = Mutex("")
    private let digitHandler = Mutex<(@Sendable (_ digit: String, _ caller: String) -> Void)?>(nil)
    private let dtmfCaller = Mutex("")
    private let subscriptions = Mutex<[PlivoSubscription]>([])

    /// An edge for `accounts` (username → password), in `realm`, on ephemeral loopback ports
    /// unless `webSocketPort`/`udpPort`/`tcpPort` say otherwise.
    public init(accounts: [String: String] = ["alice": "alice-pw", "bob": "bob-pw"], realm: String = "edge.local",
                webSocketPort: Int = 0, udpPort: Int = 0, tcpPort: Int = 0, accessTokenKeys: [String: String] = [:]) {
        var all = accounts
        for number in Self.mediaNumbers where all[number] == nil { all[number] = Self.internalPassword(number) }
        var configuration = SIPEdge.Configuration(realm: realm, accounts: all)
        configuration.webSocketPort = webSocketPort
        configuration.udpPort = udpPort
        configuration.tcpPort = tcpPort
        if !accessTokenKeys.isEmpty {
            configuration.registrar.accessTokens = { token in Self.check(token, keys: accessTokenKeys) }
        }
        edge = SIPEdge(configuration: configuration)
    }

    static let mediaNumbers = ["echo", "tone", "dtmf"]

    /// The edge's token check: an HS256 JWT signed with its issuer's key, valid now.
    static func check(_ text: String, keys: [String: String],
                      nowMilliseconds: Int64 = PlivoAccessToken.systemMilliseconds()) -> SIPEdgeTokenVerdict {
        let token: PlivoAccessToken
        do throws(PlivoAccessTokenFailure) {
            token = try PlivoAccessToken(parsing: text, nowMilliseconds: nowMilliseconds)
        } catch {
            return .refused(code: error.cause.serverCode)
        }
        guard let key = keys[token.issuer] else { return .refused(code: PlivoAccessTokenError.invalidAccessTokenIssuer.serverCode) }
        let segments = token.token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, let signature = PlivoAccessToken.base64URLDecoded(segments[2]) else {
            return .refused(code: PlivoAccessTokenError.invalidAccessToken.serverCode)
        }
        let expected = HMAC<SHA256>.authenticationCode(for: Array("\(segments[0]).\(segments[1])".utf8),
                                                        using: SymmetricKey(data: Array(key.utf8)))
        guard Array(expected) == signature else {
            return .refused(code: PlivoAccessTokenError.invalidAccessTokenSignature.serverCode)
        }
        do throws(PlivoAccessTokenFailure) {
            try token.checkValidity(nowMilliseconds: nowMilliseconds)
        } catch {
            return .refused(code: error.cause.serverCode)
        }
        return .accepted(user: token.username)
    }

    /// An HS256 access token for this edge: issued by `issuer` (an auth ID), signed with its
    /// `secret`, for `subject`, valid from 10 s ago for `lifetime`; `outgoingAllow` sets the
    /// `per.voice.outgoing_allow` grant (nil: no grants claim). The user it logs in is
    /// `<subject>_<issuer>`.
    public static func makeAccessToken(issuer: String, secret: String, subject: String, lifetime: Duration = .seconds(3600),
                                       outgoingAllow: Bool? = nil,
                                       nowMilliseconds: Int64 = PlivoAccessToken.systemMilliseconds()) -> String {
        let now = nowMilliseconds / 1000
        let header = PlivoOptionsValue.object(["alg": "HS256", "typ": "JWT", "cty": "plivo;v=1"])
        var claims: [String: PlivoOptionsValue] = [
            "iss": .string(issuer), "sub": .string(subject), "nbf": .number(Double(now - 10)),
            "exp": .number(Double(now + lifetime.components.seconds)),
        ]
        if let outgoingAllow {
            claims["per"] = .object(["voice": .object(["incoming_allow": true, "outgoing_allow": .bool(outgoingAllow)])])
        }
        let signingInput = base64URL(Array(header.jsonText.utf8)) + "." + base64URL(Array(PlivoOptionsValue.object(claims).jsonText.utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return signingInput + "." + base64URL(Array(signature))
    }

    /// Base64url without padding (RFC 7515 §2).
    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = (UInt32(chunk[0]) << 16) | (UInt32(chunk.count > 1 ? chunk[1] : 0) << 8) | UInt32(chunk.count > 2 ? chunk[2] : 0)
            let symbols = chunk.count + 1
            for position in 0..<symbols { out.append(alphabet[Int((value >> UInt32(18 - 6 * position)) & 63)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

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
                kept.append(client.on(.onIncomingCall) { [self] event in
                    guard case .onIncomingCall(let caller, _, _, _) = event else { return }
                    self.dtmfCaller.withLock { $0 = caller }
                })
                kept.append(client.on(.onDtmfReceived) { [self] event in
                    guard case .onDtmfReceived(let data) = event else { return }
                    self.digits.withLock { $0 += data.tone }
                    if let handler = self.digitHandler.withLock({ $0 }) { handler(data.tone, self.dtmfCaller.withLock { $0 }) }
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
        return Addresses(webSocketURL: addresses.webSocketURL, udp: "\(addresses.udp.host):\(addresses.udp.port)",
                         tcp: "\(addresses.tcp.host):\(addresses.tcp.port)")
    }

    /// Calls `handler` with each digit the `dtmf` number receives and the caller's ID (the
    /// `sip-edge` command prints them); replaces an earlier handler.
    public func onDigit(_ handler: @escaping @Sendable (_ digit: String, _ caller: String) -> Void) {
        digitHandler.withLock { $0 = handler }
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

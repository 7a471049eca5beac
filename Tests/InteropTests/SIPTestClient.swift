import SIPCore
import SIPTransport

/// A bare SIP client for the interop tests: one transport toward one server, requests built
/// with `SIPMessageBuilder` (Via with `rport`, Max-Forwards 70, Contact, User-Agent), and
/// bounded waits for the final response of a request. No transaction layer: loopback UDP does
/// not lose datagrams, and every wait has a deadline.
final class SIPTestClient: Sendable {
    static let userAgent = "PlivoSwiftStack-InteropTests"

    /// The transport (UDP, TCP or WebSocket).
    let transport: any SIPMessageTransport
    /// Where requests go.
    let server: SIPTransportAddress
    /// What the transport received.
    let log: EventLog
    /// The Via sent-by host and port (port nil for WebSocket, RFC 7118 §5.2).
    let viaHost: SIPURI.Host
    let viaPort: Int?
    /// The Contact host and port (a `.invalid` host for WebSocket, RFC 7118 §5.2).
    let contactHost: SIPURI.Host
    let contactPort: Int?
    private let udp: SIPUDPTransport?

    private init(transport: any SIPMessageTransport, server: SIPTransportAddress, viaHost: SIPURI.Host, viaPort: Int?,
                 contactHost: SIPURI.Host, contactPort: Int?, udp: SIPUDPTransport? = nil) {
        self.transport = transport
        self.server = server
        self.log = EventLog.collecting(transport.events)
        self.viaHost = viaHost
        self.viaPort = viaPort
        self.contactHost = contactHost
        self.contactPort = contactPort
        self.udp = udp
    }

    /// A client on a UDP socket bound to 127.0.0.1 on an ephemeral port.
    static func udp(server: SIPTransportAddress) async throws -> SIPTestClient {
        let transport = try await SIPUDPTransport.bind(host: "127.0.0.1", port: 0)
        guard let local = transport.localAddress else {
            await transport.close()
            throw KamailioError(description: "UDP transport has no local address")
        }
        return SIPTestClient(transport: transport, server: server, viaHost: .ipv4(local.host), viaPort: local.port,
                             contactHost: .ipv4(local.host), contactPort: local.port, udp: transport)
    }

    /// A client that listens on 127.0.0.1 (ephemeral port, named in Via and Contact) and opens a
    /// TCP connection to `server`.
    static func tcp(server: SIPTransportAddress) async throws -> SIPTestClient {
        let transport = SIPTCPTransport()
        do {
            let local = try await transport.listen(host: "127.0.0.1", port: 0)
            try await transport.connect(to: server)
            return SIPTestClient(transport: transport, server: server, viaHost: .ipv4(local.host), viaPort: local.port,
                                 contactHost: .ipv4(local.host), contactPort: local.port)
        } catch {
            await transport.close()
            throw error
        }
    }

    /// A client connected to `url` (`ws://…`, subprotocol `sip`), with a random `.invalid` host
    /// in Via and Contact (RFC 7118 §5.2).
    static func webSocket(url: String) async throws -> SIPTestClient {
        let transport = try SIPWebSocketTransport(url: url)
        do {
            try await transport.connect()
        } catch {
            await transport.close()
            throw error
        }
        let host = SIPWebSocketTransport.randomContactHost()
        return SIPTestClient(transport: transport, server: transport.serverAddress, viaHost: .domain(host), viaPort: nil,
                             contactHost: .domain(host), contactPort: nil)
    }

    /// A random token for tags, branches and Call-IDs.
    static func token(_ length: Int = 16) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }

    /// A Via for a new request: this transport, the local sent-by, `rport`, a fresh branch.
    func via() -> SIPVia {
        SIPVia(transport: transport.kind.viaTransport, host: viaHost, port: viaPort,
               parameters: [SIPParameter("rport"), SIPParameter("branch", "z9hG4bK" + Self.token())])
    }

    /// The Contact URI of `user` at this client (`;transport=` for all but UDP).
    func contactURI(user: String) -> SIPURI {
        let parameters = transport.kind == .udp ? [] : [SIPParameter("transport", transport.kind.uriParameter)]
        return SIPURI(user: user, host: contactHost, port: contactPort, parameters: parameters)
    }

    /// An OPTIONS to the server itself (no user part: Kamailio answers it as a keep-alive).
    func options(callID: String, cseq: UInt32 = 1) throws -> SIPMessage {
        let uri = SIPURI(host: .ipv4(server.host), port: server.port)
        let local = SIPNameAddress(uri: SIPURI(user: "probe", host: .ipv4("127.0.0.1")),
                                   parameters: [SIPParameter("tag", Self.token(10))])
        return try SIPMessageBuilder.request(
            method: .options, uri: uri, via: via(), from: local, to: SIPNameAddress(uri: uri), callID: callID,
            cseq: cseq, contact: SIPNameAddress(uri: contactURI(user: "probe")),
            extraHeaders: [SIPParameter("User-Agent", Self.userAgent), SIPParameter("Accept", "application/sdp")])
    }

    /// A REGISTER of `user`@127.0.0.1 binding this client's Contact for `expires` seconds
    /// (RFC 3261 §10.2); a new Via branch on every call.
    func register(user: String, callID: String, cseq: UInt32, fromTag: String, expires: Int) throws -> SIPMessage {
        let aor = SIPURI(user: user, host: .ipv4("127.0.0.1"))
        return try SIPMessageBuilder.request(
            method: .register, uri: SIPURI(host: .ipv4("127.0.0.1")), via: via(),
            from: SIPNameAddress(uri: aor, parameters: [SIPParameter("tag", fromTag)]), to: SIPNameAddress(uri: aor),
            callID: callID, cseq: cseq, contact: SIPNameAddress(uri: contactURI(user: user)),
            extraHeaders: [SIPParameter("Expires", "\(expires)"), SIPParameter("User-Agent", Self.userAgent)])
    }

    /// Sends `request` and returns its final response (matched by Call-ID and CSeq), or nil
    /// when none arrives within `timeout`.
    func send(_ request: SIPMessage, finalWithin timeout: Duration) async throws -> SIPMessage? {
        guard let callID = request.callID, let cseq = request.cseq else {
            throw KamailioError(description: "request without Call-ID or CSeq")
        }
        try await transport.write(request, to: server)
        let event = await log.take(within: timeout) { event in
            guard case .message(let message, _) = event, !message.isRequest,
                  let status = message.statusCode, status >= 200 else { return false }
            return message.callID == callID && message.cseq == cseq
        }
        guard case .message(let response, _)? = event else { return nil }
        return response
    }

    /// Sends `request` and returns its final response; throws when none arrives within 5 s.
    func request(_ request: SIPMessage) async throws -> SIPMessage {
        guard let response = try await send(request, finalWithin: .seconds(5)) else {
            throw KamailioError(description: """
                no final response within 5 s to \(request.method?.description ?? "?") over \
                \(transport.kind) (events so far: \(await log.summary()))
                """)
        }
        return response
    }

    /// Sends raw bytes to the server over UDP.
    func sendRaw(_ bytes: [UInt8]) async throws {
        guard let udp else { throw KamailioError(description: "raw bytes are sent over UDP only") }
        try await udp.write(bytes: bytes, to: server)
    }

    /// Closes the transport.
    func close() async {
        await transport.close()
    }
}

/// Collects a transport's events so a test can wait, with a deadline, for the first one that
/// matches without losing the others.
actor EventLog {
    private var buffer: [SIPTransportEvent] = []
    private var finished = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Starts collecting `stream`.
    static func collecting(_ stream: AsyncStream<SIPTransportEvent>) -> EventLog {
        let log = EventLog()
        Task {
            for await event in stream { await log.append(event) }
            await log.finish()
        }
        return log
    }

    private func append(_ event: SIPTransportEvent) {
        buffer.append(event)
        wake()
    }

    private func finish() {
        finished = true
        wake()
    }

    private func wake() {
        let current = waiters
        waiters = []
        for waiter in current { waiter.resume() }
    }

    /// Removes and returns the first event matching `predicate`, waiting at most `timeout`;
    /// nil on timeout or when the stream ended without one.
    func take(within timeout: Duration, where predicate: @Sendable (SIPTransportEvent) -> Bool) async
        -> SIPTransportEvent? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let index = buffer.firstIndex(where: predicate) { return buffer.remove(at: index) }
            if finished || ContinuousClock.now >= deadline || Task.isCancelled { return nil }
            await waitForChange(until: deadline)
        }
    }

    /// A short description of the events collected so far (for failure messages).
    func summary() -> String {
        buffer.map { event in
            switch event {
            case .message(let message, let from):
                if let status = message.statusCode { return "\(status) from \(from)" }
                return "\(message.method?.description ?? "request") from \(from)"
            case .keepAlive(let kind, let from): return "keep-alive \(kind) from \(from)"
            case .connectionState(let state, let peer): return "\(state) \(peer)"
            case .parseError(let failure): return "parse error \(failure)"
            }
        }.joined(separator: ", ")
    }

    private func waitForChange(until deadline: ContinuousClock.Instant) async {
        // A timer task wakes this actor at the deadline, so a missing event ends the wait.
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline)
            await self?.wakeAll()
        }
        defer { timer.cancel() }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func wakeAll() { wake() }
}

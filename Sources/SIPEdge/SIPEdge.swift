import Foundation
import SIPCore
import SIPTransaction
import SIPTransport
import StackCore

/// The embedded edge: a registrar and a stateless proxy (RFC 3261 §16.11) on loopback, over
/// SIP/WebSocket (RFC 7118), UDP and TCP, for offline use, demos and tests. Not a production
/// server: production is Plivo, or Kamailio.
///
/// - REGISTERs go to the ``SIPEdgeRegistrar`` (digest, the seed's lockout, bindings with the
///   flow each came in on).
/// - An out-of-dialog INVITE, MESSAGE, SUBSCRIBE or REFER must carry the caller's credentials
///   (``SIPEdgeRegistrar/authorize(_:at:)``): digest in Proxy-Authorization, else 407; or an
///   access token the token check accepts, else 403 with its error code. The credentials are
///   removed before the request goes on; the ACK of the edge's own 407/403 ends at the edge.
/// - A request for a registered user is forwarded to each binding's flow with the edge's Via
///   on top (its branch derived from the incoming one, so a CANCEL follows its INVITE, §16.11),
///   Max-Forwards decremented (483 at 0), and two Record-Route entries (one per side, RFC 5658)
///   so in-dialog requests come back through the edge. A user with no binding is 404
///   (unknown account) or 480 (not registered). OPTIONS to the edge itself is 200.
/// - An in-dialog request drops the Route entries naming the edge and goes to its
///   Request-URI: a registered contact over its flow, else the URI's own address over UDP.
/// - A response drops the edge's Via and goes back over the flow recorded in that Via.
/// - The built-in numbers (``Configuration/builtIns``, unless someone registered that name):
///   `busy` answers 486, `no-answer` rings (180) until CANCELed (200, then 487).
public actor SIPEdge {
    /// Where the edge listens and whom it knows.
    public struct Configuration: Sendable {
        /// The registrar's realm and accounts.
        public var registrar: SIPEdgeRegistrar.Configuration
        /// The loopback address listened on.
        public var host = "127.0.0.1"
        /// The UDP port (0: ephemeral).
        public var udpPort = 0
        /// The WebSocket port (0: ephemeral).
        public var webSocketPort = 0
        /// The TCP port (0: ephemeral).
        public var tcpPort = 0
        /// Numbers the edge answers itself, by user part (default `busy` and `no-answer`).
        public var builtIns: [String: SIPEdgeBuiltIn] = ["busy": .busy, "no-answer": .noAnswer]

        /// A configuration for `realm` and `accounts` on ephemeral loopback ports.
        public init(realm: String = "edge.local", accounts: [String: String]) {
            registrar = SIPEdgeRegistrar.Configuration(realm: realm, accounts: accounts)
        }
    }

    /// The bound addresses.
    public struct Addresses: Sendable, Hashable {
        /// SIP over UDP.
        public var udp: SIPTransportAddress
        /// SIP over WebSocket (`ws://host:port/`).
        public var webSocket: SIPTransportAddress
        /// SIP over TCP.
        public var tcp: SIPTransportAddress
        /// The WebSocket URL clients log in to.
        public var webSocketURL: String { "ws://\(webSocket.host):\(webSocket.port)/" }
    }

    private let configuration: Configuration
    private let clock: any StackClock
    private var registrar: SIPEdgeRegistrar
    private var udp: SIPUDPTransport?
    private var webSocket: SIPWebSocketServerTransport?
    private var tcp: SIPTCPTransport?
    private var tasks: [Task<Void, Never>] = []
    /// INVITEs to `no-answer` left ringing, by Call-ID: the request, where it came from, the
    /// To tag of the 180, and when it arrived.
    private var ringing: [String: (invite: SIPMessage, source: SIPTransactionDestination, tag: String, at: StackInstant)] = [:]
    /// Counters of what the edge did, for tests and the demo's timeline.
    public private(set) var forwarded = 0
    public private(set) var dropped = 0

    /// An edge with `configuration`, timed by `clock`.
    public init(configuration: Configuration, clock: any StackClock = SystemClock.shared) {
        self.configuration = configuration
        self.clock = clock
        registrar = SIPEdgeRegistrar(configuration: configuration.registrar)
    }

    /// Binds UDP and WebSocket and starts serving; returns where.
    public func start() async throws(SIPTransportError) -> Addresses {
        let udp = try await SIPUDPTransport.bind(host: configuration.host, port: configuration.udpPort)
        let webSocket = SIPWebSocketServerTransport()
        let tcp = SIPTCPTransport()
        let wsAddress: SIPTransportAddress, tcpAddress: SIPTransportAddress
        do {
            wsAddress = try await webSocket.listen(host: configuration.host, port: configuration.webSocketPort)
            tcpAddress = try await tcp.listen(host: configuration.host, port: configuration.tcpPort)
        } catch {
            await udp.close()
            await webSocket.close()
            await tcp.close()
            throw error
        }
        self.udp = udp
        self.webSocket = webSocket
        self.tcp = tcp
        for (transport, name) in [(udp as any SIPMessageTransport, "UDP"), (webSocket, "WS"), (tcp, "TCP")] {
            let events = transport.events
            tasks.append(Task { [weak self] in
                for await event in events {
                    guard case .message(let message, let peer) = event else { continue }
                    await self?.received(message, from: SIPTransactionDestination(host: peer.host, port: peer.port,
                                                                                   transport: name))
                }
            })
        }
        return Addresses(udp: udp.localAddress ?? SIPTransportAddress(host: configuration.host, port: 0), webSocket: wsAddress,
                         tcp: tcpAddress)
    }

    /// Stops serving and closes the sockets.
    public func stop() async {
        for task in tasks { task.cancel() }
        tasks.removeAll()
        await webSocket?.close()
        await udp?.close()
        await tcp?.close()
        webSocket = nil
        udp = nil
        tcp = nil
    }

    /// The accounts (username → password).
    public var accounts: [String: String] { configuration.registrar.accounts }

    /// The users with a live binding now.
    public var registeredUsers: [String] { registrar.registeredUsers(at: clock.now) }

    /// Whether `host` is locked out for `user` now.
    public func isBlocked(host: String, user: String) -> Bool {
        registrar.isBlocked(host: host, user: user, at: clock.now)
    }

    // MARK: Dispatch

    private func received(_ message: SIPMessage, from source: SIPTransactionDestination) {
        if message.isRequest {
            request(source.transport == "UDP" ? Self.stampingTopVia(message, source: source) : message, from: source)
        } else {
            response(message)
        }
    }

    private func request(_ request: SIPMessage, from source: SIPTransactionDestination) {
        guard let method = request.method else { return }
        if method == .register {
            let (answer, _) = registrar.handle(request, from: source, at: clock.now)
            if let answer { send(answer, to: source) }
            return
        }
        if method == .ack, request.to?.tag?.hasPrefix("edge") == true {
            return   // the ACK of one of the edge's own final answers (RFC 3261 §17.2.1): it ends here
        }
        if let (status, reason, headers) = Self.validationFailure(request, method: method) {
            if method != .ack {
                if let answer = try? SIPMessageBuilder.response(to: request, status: status, reason: reason,
                                                                toTag: request.to?.tag == nil ? "edge" : nil, headers: headers) {
                    send(answer, to: source)
                }
            } else {
                dropped += 1
            }
            return
        }
        if let forwards = request.maxForwards, forwards <= 0 {
            if method != .ack { reply(request, 483, "Too Many Hops", to: source) }
            return
        }
        var routes = request.routes
        while let first = routes.first, isEdge(first) { routes.removeFirst() }
        var forward = request
        forward.removeHeaders(.route)
        for route in routes { try? forward.append(header: "Route", value: route.description) }
        if !request.routes.isEmpty || request.to?.tag != nil {
            // In dialog (or loose-routed): the next hop is the next Route, else the Request-URI.
            let target = routes.first?.uri ?? request.requestURI
            guard let target, let (flow, contact) = resolve(target) else {
                if method != .ack { reply(request, 404, "Not Found", to: source) } else { dropped += 1 }
                return
            }
            // An address of record (an ACK for a non-2xx, say) is retargeted to its contact.
            if routes.isEmpty, let contact, let retargeted = Self.retarget(forward, to: contact) { forward = retargeted }
            relay(forward, to: flow, from: source, recordRoute: false)
            return
        }
        if let refusal = registrar.authorize(&forward, at: clock.now) {
            send(refusal, to: source)
            return
        }
        guard let uri = request.requestURI else { return }
        if uri.user == nil, isEdgeURI(uri) {
            if method == .options {
                reply(request, 200, "OK", to: source)
            } else if method != .ack {
                reply(request, 405, "Method Not Allowed", to: source)
            }
            return
        }
        guard let user = uri.user else {
            if method != .ack { reply(request, 404, "Not Found", to: source) }
            return
        }
        if let builtIn = configuration.builtIns[user], registrar.bindings(for: user, at: clock.now).isEmpty {
            answerBuiltIn(builtIn, request, from: source)
            return
        }
        let bindings = registrar.bindings(for: user, at: clock.now)
        guard let binding = bindings.last else {
            if method != .ack {
                let known = configuration.registrar.accounts[user] != nil
                reply(request, known ? 480 : 404, known ? "Temporarily Unavailable" : "Not Found", to: source)
            }
            return
        }
        guard let retargeted = Self.retarget(forward, to: binding.contact.uri) else { return }
        relay(retargeted, to: binding.source, from: source, recordRoute: method == .invite || method == .subscribe)
    }

    /// The numbers answered by the edge itself (signalling only).
    private func answerBuiltIn(_ builtIn: SIPEdgeBuiltIn, _ request: SIPMessage, from source: SIPTransactionDestination) {
        let now = clock.now
        ringing = ringing.filter { now < $0.value.at.advanced(by: Self.ringingLimit) }
        switch (builtIn, request.method) {
        case (_, .ack?):
            return
        case (.busy, .invite?):
            reply(request, 486, "Busy Here", to: source)
        case (.noAnswer, .invite?):
            guard let callID = request.callID else { return }
            let tag = ringing[callID]?.tag ?? "edge-ring-\(ringing.count + 1)"
            ringing[callID] = (request, source, tag, ringing[callID]?.at ?? now)
            if let ring = try? SIPMessageBuilder.response(to: request, status: 180, reason: "Ringing", toTag: tag) {
                send(ring, to: source)
            }
        case (.noAnswer, .cancel?):
            reply(request, 200, "OK", to: source)
            guard let callID = request.callID, let pending = ringing.removeValue(forKey: callID) else { return }
            if let terminated = try? SIPMessageBuilder.response(to: pending.invite, status: 487, reason: "Request Terminated",
                                                                 toTag: pending.tag) {
                send(terminated, to: pending.source)
            }
        case (_, .options?):
            reply(request, 200, "OK", to: source)
        default:
            reply(request, 405, "Method Not Allowed", to: source)
        }
    }

    /// How long a `no-answer` call is remembered (a caller gives up well before).
    static let ringingLimit: Duration = .seconds(300)

    private func response(_ response: SIPMessage) {
        guard let top = response.topVia, top.branch?.hasPrefix(Self.branchPrefix) == true,
              let flowText = top.parameters.first(where: { $0.name == "flow" })?.value,
              let flow = Self.flow(parsing: flowText) else {
            dropped += 1
            return
        }
        var back = response
        back.removeFirst(.via)
        send(back, to: flow)
    }

    // MARK: Forwarding

    private func relay(_ request: SIPMessage, to flow: SIPTransactionDestination, from source: SIPTransactionDestination,
                       recordRoute: Bool) {
        var out = request
        let forwards = (request.maxForwards ?? 70) - 1
        try? out.setHeader("Max-Forwards", value: "\(forwards)")
        if recordRoute {
            // RFC 5658: one entry per side; the callee's route set starts with the one facing it.
            try? out.insert(header: "Record-Route", value: "<\(edgeURI(for: source.transport))>", at: 0)
            try? out.insert(header: "Record-Route", value: "<\(edgeURI(for: flow.transport))>", at: 0)
        }
        let branch = Self.branch(for: request)
        let via = "SIP/2.0/\(flow.transport) \(configuration.host):\(port(for: flow.transport));branch=\(branch)"
            + ";flow=\(Self.flowText(source))"
        try? out.insert(header: "Via", value: via, at: 0)
        forwarded += 1
        send(out, to: flow)
    }

    private func reply(_ request: SIPMessage, _ status: Int, _ reason: String, to source: SIPTransactionDestination) {
        if let answer = try? SIPMessageBuilder.response(to: request, status: status, reason: reason,
                                                         toTag: request.to?.tag == nil ? "edge" : nil) {
            send(answer, to: source)
        }
    }

    private func send(_ message: SIPMessage, to flow: SIPTransactionDestination) {
        let address = SIPTransportAddress(host: flow.host, port: flow.port)
        do {
            switch flow.transport {
            case "WS", "WSS": try webSocket?.send(message, to: address)
            case "TCP": try tcp?.send(message, to: address)
            default: try udp?.send(message, to: address)
            }
        } catch {
            dropped += 1
        }
    }

    /// Where a URI is reached, and the contact to retarget to: the flow of a binding with that
    /// contact; for an address of record here, its latest binding; else the URI's own address
    /// over UDP (never the edge itself).
    private func resolve(_ uri: SIPURI) -> (SIPTransactionDestination, SIPURI?)? {
        let now = clock.now
        for user in registrar.registeredUsers(at: now) {
            if let binding = registrar.bindings(for: user, at: now).first(where: { $0.contact.uri == uri }) {
                return (binding.source, nil)
            }
        }
        let host = uri.host?.description ?? ""
        if let user = uri.user, host == configuration.registrar.realm || host == configuration.host {
            // An address of record here: its binding, or nowhere (never a guessed port).
            guard let binding = registrar.bindings(for: user, at: now).last else { return nil }
            return (binding.source, binding.contact.uri)
        }
        guard case .ipv4(let address) = uri.host, !isEdgeURI(uri) else { return nil }
        return (SIPTransactionDestination(host: address, port: uri.port ?? 5060, transport: "UDP"), nil)
    }

    // MARK: The edge's own URIs

    private func port(for transport: String) -> Int {
        switch transport {
        case "WS", "WSS": webSocket?.localAddress?.port ?? 0
        case "TCP": tcp?.localAddress?.port ?? 0
        default: udp?.localAddress?.port ?? 0
        }
    }

    private func edgeURI(for transport: String) -> String {
        let suffix = switch transport {
        case "WS", "WSS": ";transport=ws"
        case "TCP": ";transport=tcp"
        default: ""
        }
        return "sip:\(configuration.host):\(port(for: transport))\(suffix);lr"
    }

    private func isEdge(_ address: SIPNameAddress) -> Bool { isEdgeURI(address.uri) }

    /// The refusal RFC 3261 §16.3 asks of a proxy before it routes a request, or nil: a CSeq
    /// whose method is not the request's (400, §8.1.1.5), a Request-URI scheme the edge cannot
    /// route (416, §16.3 step 2), a Proxy-Require the edge does not support (420 listing the
    /// option tags in Unsupported, §16.3 step 5; none is supported; ACK and CANCEL are exempt).
    public static func validationFailure(_ request: SIPMessage, method: SIPMethod) -> (Int, String, [SIPParameter])? {
        if let cseq = request.cseq, cseq.method != method {
            return (400, "CSeq Method Mismatch", [])
        }
        guard let uri = request.requestURI else {
            // Unreadable: a sip/sips URI that does not parse is a bad request, another scheme unsupported.
            let text = (request.requestURIText ?? "").lowercased()
            return text.hasPrefix("sip:") || text.hasPrefix("sips:") ? (400, "Bad Request-URI", []) : (416, "Unsupported URI Scheme", [])
        }
        switch uri.scheme {
        case .sip, .sips: break
        case .tel, .other: return (416, "Unsupported URI Scheme", [])
        }
        if method != .ack, method != .cancel, !request.proxyRequire.isEmpty {
            return (420, "Bad Extension", [SIPParameter("Unsupported", request.proxyRequire.joined(separator: ", "))])
        }
        return nil
    }

    /// The request with its top Via naming where it came from (RFC 3261 §18.2.1 `received`,
    /// RFC 3581 §4 `rport` filled in when the client asked for it), so answers and forwarded
    /// requests carry it. Only over UDP: stream and WebSocket answers go back on their flow.
    public static func stampingTopVia(_ request: SIPMessage, source: SIPTransactionDestination) -> SIPMessage {
        guard let topField = request.values(.via).first else { return request }
        // The field may hold several comma-separated Vias; only the first is this hop's.
        let comma = topField.firstIndex(of: ",")
        var top = comma.map { String(topField[..<$0]) } ?? topField
        let rest = comma.map { String(topField[$0...]) } ?? ""
        var parameters = top.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard parameters.count >= 1 else { return request }
        var changed = false
        for index in parameters.indices.dropFirst() where parameters[index].trimmingCharacters(in: .whitespaces).lowercased() == "rport" {
            parameters[index] = "rport=\(source.port)"
            changed = true
        }
        if !parameters.dropFirst().contains(where: { $0.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("received=") }),
           request.topVia?.host.description != source.host || changed {
            parameters.append("received=\(source.host)")
            changed = true
        }
        guard changed else { return request }
        top = parameters.joined(separator: ";")
        var stamped = request
        do {
            try stamped.setFirst("Via", value: top + rest)
        } catch {
            return request
        }
        return stamped
    }

    private func isEdgeURI(_ uri: SIPURI) -> Bool {
        guard uri.user == nil || uri.host?.description == configuration.registrar.realm else {
            return false
        }
        let host = uri.host?.description ?? ""
        if host == configuration.registrar.realm { return true }
        guard host == configuration.host else { return false }
        let port = uri.port ?? 5060
        return [udp?.localAddress?.port, webSocket?.localAddress?.port, tcp?.localAddress?.port].contains(port)
    }

    // MARK: Helpers

    static let branchPrefix = "z9hG4bKedge"

    /// A branch derived from the incoming top Via's (RFC 3261 §16.11): the same for an INVITE
    /// and its CANCEL, so the next hop matches them.
    static func branch(for request: SIPMessage) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (request.topVia?.branch ?? request.callID ?? "").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return branchPrefix + String(hash, radix: 16)
    }

    static func flowText(_ flow: SIPTransactionDestination) -> String {
        "\(flow.transport.lowercased())-\(flow.host)-\(flow.port)"
    }

    static func flow(parsing text: String) -> SIPTransactionDestination? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let port = Int(parts[2]) else { return nil }
        return SIPTransactionDestination(host: String(parts[1]), port: port, transport: parts[0].uppercased())
    }

    /// The request with its Request-URI replaced (§16.5: the target's contact).
    static func retarget(_ request: SIPMessage, to uri: SIPURI) -> SIPMessage? {
        let bytes = request.serialized()
        guard let method = request.method, let end = bytes.firstIndex(of: 13) else { return nil }
        let line = Array("\(method.rawValue) \(uri.description) SIP/2.0".utf8)
        return try? SIPMessage(parsing: line + bytes[end...], options: .lenient)
    }
}

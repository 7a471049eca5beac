import AudioPipeline
import CallModel
import ICE
import SIPCore
import SIPTransaction
import SIPTransport
import SIPUserAgent
import StackCore

/// The state behind a ``PlivoClient``: one login's signalling link, registration and
/// request responder, turned into the seed's events.
actor PlivoClientCore {
    private enum Phase {
        case idle
        case connecting
        case registering
        case loggedIn
        case loggingOut
    }

    struct Session {
        let link: SignallingLink
        var registration: SIPRegistrationClient
        let calls: SIPCallController
        let credentials: SIPDigestCredentials
        let username: String
        let domain: SIPURI.Host
        var extraHeaders: [SIPParameter]
        var tasks: [Task<Void, Never>]
    }

    let options: PlivoOptions
    let media: PlivoMediaOptions
    let hub: PlivoEventHub
    let clock: any StackClock
    private var phase = Phase.idle
    var session: Session?
    /// The calls, by the seed's rules (several ringing, one answered).
    var registry: CallRegistry
    /// What is known of each call, by Call-ID.
    var records: [String: CallRecord] = [:]
    /// The INVITE of each incoming call not yet acted on.
    var invites: [String: SIPMessage] = [:]
    /// Each call's media, by Call-ID, with the task forwarding its events.
    var medias: [String: (media: CallMedia, forward: Task<Void, Never>)] = [:]
    /// Calls whose ICE connected (onMediaConnected was emitted).
    var mediaConnected: Set<String> = []
    /// The seed's `shouldMuteCall`: mute() with no call, applied to the next one.
    var pendingMute = false
    /// Each answered call's quality monitor and its 5 s sampling task.
    var quality: [String: (monitor: CallQualityMonitor, task: Task<Void, Never>)] = [:]
    /// Whether startNoiseReduction() is in effect (with enableNoiseReduction).
    var noiseReductionStarted = false
    /// Updates of outgoing calls that came before `dial` returned their Call-ID.
    var earlyUpdates: [String: [SIPCallController.Update]] = [:]
    /// The sound devices (started with the first login when the media options name them).
    var devices: CallAudioDevices?
    /// The access token of the current login (nil for a password login).
    var accessToken: PlivoAccessToken?
    /// The generator of a `loginWithAccessTokenGenerator` login, and the task that asks it
    /// for the next token.
    var tokenGenerator: (any PlivoAccessTokenGenerator)?
    var tokenRefresh: Task<Void, Never>?
    /// Inputs from the call controller, the registration and the connection, in arrival
    /// order, and whether a task is working through them.
    private var queued: [(input: Input, generation: Int)] = []
    /// Counts sessions: an input queued by an earlier session's streams is dropped.
    private var sessionGeneration = 0
    private var draining = false
    private var reconnecting = false
    private var everLoggedIn = false
    /// The client's log.
    let log: PlivoClientLog

    /// The client's device manager (also behind `client.audio`).
    let deviceManager: AudioDeviceManager

    /// The tone settings (setRingTone…), shared with `client.audio`'s media.
    let tones: CallToneLibrary

    init(options: PlivoOptions, media: PlivoMediaOptions, hub: PlivoEventHub, log: PlivoClientLog,
         deviceManager: AudioDeviceManager, tones: CallToneLibrary, clock: any StackClock = SystemClock.shared) {
        self.log = log
        self.options = options
        self.tones = tones
        self.deviceManager = deviceManager
        self.media = media
        self.hub = hub
        registry = CallRegistry(allowMultipleIncomingCalls: options.allowMultipleIncomingCalls)
        self.clock = clock
    }

    var isLoggedIn: Bool { phase == .loggedIn || (phase == .loggingOut && session != nil) }
    var isReady: Bool { phase == .loggedIn && session != nil }
    var isRegistered: Bool { phase == .loggedIn && !reconnecting }
    var isConnected: Bool { session != nil && phase != .connecting && !reconnecting }
    var isConnecting: Bool { phase == .connecting || reconnecting }

    /// The User-Agent of every request.
    static let userAgent = "plivo-swift-sdk \(PlivoSDKVersion.string)"

    func login(username: String, password: String, token: PlivoAccessToken?) async -> Bool {
        guard !username.isEmpty, !password.isEmpty else {
            hub.emit(.onLoginFailed(cause: "Username and password must be filled out"))
            return false
        }
        if let session, session.username == username, phase != .loggingOut { return true }
        if session != nil { await tearDown() }   // the seed's re-login: the old UA stops first
        accessToken = token
        var servers: [SignallingServer] = []
        for text in options.servers {
            if let server = try? SignallingServer(parsing: text) { servers.append(server) }
        }
        guard !servers.isEmpty else {
            hub.emit(.onLoginFailed(cause: "Failed to create user agent"))
            return false
        }
        phase = .connecting
        log.setUser(username)
        log.log(.info, "login as \(username)\(token == nil ? "" : " with an access token") via \(options.servers.joined(separator: ", "))")
        var opened: (SignallingConnection, Int)?
        for (index, server) in servers.enumerated() {
            do {
                opened = (try await SignallingConnection.open(server, user: username), index)
                break
            } catch {
                log.log(.warn, "cannot connect to \(server): \(error)")
            }
        }
        guard let (connection, index) = opened, phase == .connecting else {
            if phase == .connecting { phase = .idle }
            hub.emit(.onLoginFailed(cause: LoginFailureCause.connectionError))
            return false
        }
        let order = Array(servers[index...] + servers[..<index])
        let server = order[0]
        let link = SignallingLink(connection: connection, servers: order, user: username, tls: .default,
                                  domain: server.uriHost, userAgent: Self.userAgent, clock: clock)
        let extraHeaders = token.map { [SIPParameter("X-Plivo-Jwt", $0.token)] } ?? []
        var configuration = connection.configuration(user: username, domain: server.uriHost, userAgent: Self.userAgent)
        configuration.extraHeaders = extraHeaders
        let credentials = SIPDigestCredentials(username: username, password: password)
        let registration = SIPRegistrationClient(configuration: configuration, layer: link.layer,
                                                 destination: connection.destination, clock: clock)
        let calls = SIPCallController(
            layer: link.layer, destination: connection.destination,
            configuration: SignallingLink.callConfiguration(connection, configuration, credentials), clock: clock,
            responder: SIPUserAgentRequestResponder(supported: configuration.supported),
            allowMultipleIncomingCalls: options.allowMultipleIncomingCalls)
        await calls.setAcceptsIncomingCalls(true)
        sessionGeneration += 1
        let generation = sessionGeneration
        var tasks = [Task { await calls.run() }]
        let updates = calls.events
        tasks.append(Task { [weak self] in
            for await update in updates { await self?.enqueue(.call(update), generation) }
        })
        if devices == nil {
            devices = await startDevices()
            // The seed's permOnClick false: the microphone is asked for at setup, and the
            // answer is onMediaPermission (true: only when a call opens it).
            if devices != nil, !options.permOnClick, media.input == .microphone {
                _ = await deviceManager.revealAudioDevices()
            }
        }
        tasks.append(forward(registration, generation))
        let changes = link.transport.changes
        tasks.append(Task { [weak self] in
            for await change in changes { await self?.enqueue(.connection(change), generation) }
        })
        session = Session(link: link, registration: registration, calls: calls, credentials: credentials,
                          username: username, domain: server.uriHost, extraHeaders: extraHeaders, tasks: tasks)
        phase = .registering
        await link.start()
        do {
            try await registration.login(credentials, expires: options.refreshRegistrationTimer)
        } catch {
            hub.emit(.onLoginFailed(cause: LoginFailureCause.cause(for: error)))
            await tearDown()
            return false
        }
        return true
    }

    func logout() async -> Bool {
        guard let session, phase == .loggedIn || phase == .registering else { return false }
        phase = .loggingOut
        if reconnecting {
            // No connection to un-REGISTER on: the binding expires at the registrar.
            await finishLogout()
            return true
        }
        await session.registration.logout()
        return true
    }

    func close() async {
        stopTokenRefresh()
        await devices?.close()
        devices = nil
        await deviceManager.close()
        if phase == .loggedIn, let session, !reconnecting {
            phase = .loggingOut
            await session.registration.logout()
            // Wait (bounded by the transaction timers) for the un-REGISTER's answer.
            for _ in 0..<200 where self.session != nil {
                try? await clock.sleep(for: .milliseconds(20))
            }
        }
        await tearDown()
    }

    /// What the session's streams deliver.
    enum Input: Sendable {
        case call(SIPCallController.Update)
        case registration(SIPRegistrationEvent)
        case connection(SIPConnectionChange)
    }

    /// Queues an input of session `generation` for the drain task (started when none runs). The three streams' tasks
    /// only hand inputs over and stay small while idle; the large handlers run on a short-lived
    /// task, whose memory goes when the queue is empty (an idle client keeps less).
    private func enqueue(_ input: Input, _ generation: Int) {
        queued.append((input, generation))
        guard !draining else { return }
        draining = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !queued.isEmpty {
            let (input, generation) = queued.removeFirst()
            // Inputs of a session that was torn down (say, its link's last disconnect) must
            // not reach the next one.
            guard generation == sessionGeneration, session != nil else { continue }
            switch input {
            case .call(let update): await callUpdate(update)
            case .registration(let event): await registrationEvent(event)
            case .connection(let change): await connectionChanged(change)
            }
        }
        draining = false
    }

    private func forward(_ registration: SIPRegistrationClient, _ generation: Int) -> Task<Void, Never> {
        Task { [weak self] in
            for await event in registration.events { await self?.enqueue(.registration(event), generation) }
        }
    }

    private func registrationEvent(_ event: SIPRegistrationEvent) async {
        switch event {
        case .registered:
            hub.emit(.onConnectionChange(PlivoConnectionChange(state: "connected")))
            if reconnecting || phase == .loggedIn {
                reconnecting = false
                return
            }
            phase = .loggedIn
            hub.emit(.onLogin)
            if !everLoggedIn, options.enableNoiseReduction { hub.emit(.onNoiseReductionReady) }
            everLoggedIn = true
        case .refreshed:
            break
        case .registrationFailed(let failure):
            if phase == .loggedIn, reconnecting { return }   // the next connection registers again
            if phase == .loggingOut {
                await finishLogout()
                return
            }
            let rejection = await session?.registration.rejection
            hub.emit(.onLoginFailed(cause: LoginFailureCause.cause(for: failure, rejection: rejection,
                                                                   tokenGenerator: tokenGenerator != nil)))
            stopTokenRefresh()
            await tearDown()
        case .unregistered:
            await finishLogout()
        }
    }

    private func connectionChanged(_ change: SIPConnectionChange) async {
        guard var current = session else { return }
        switch change.state {
        case .disconnected:
            hub.emit(.onConnectionChange(PlivoConnectionChange(
                state: "disconnected", eventCode: change.code.map { Int($0.rawValue) },
                eventReason: change.reason ?? change.code?.meaning)))
            guard phase == .loggedIn else {
                if phase == .registering { hub.emit(.onLoginFailed(cause: LoginFailureCause.connectionError)) }
                if phase != .loggingOut { await tearDown() }
                return
            }
            reconnecting = true
        case .connected:
            guard reconnecting else { return }
            // A fresh REGISTER on the new connection (a new Contact for UDP/TCP).
            let reopened = current.link.connection
            var configuration = reopened.configuration(user: current.username, domain: current.domain,
                                                       userAgent: Self.userAgent)
            configuration.extraHeaders = current.extraHeaders
            await current.registration.close()
            let registration = SIPRegistrationClient(configuration: configuration, layer: current.link.layer,
                                                     destination: reopened.destination, clock: clock)
            current.registration = registration
            current.tasks.append(forward(registration, sessionGeneration))
            session = current
            await current.calls.updateConfiguration(
                SignallingLink.callConfiguration(reopened, configuration, current.credentials))
            try? await registration.login(current.credentials, expires: options.refreshRegistrationTimer)
        }
    }

    private func finishLogout() async {
        let wasLoggedIn = phase == .loggingOut || phase == .loggedIn
        stopTokenRefresh()
        await tearDown()
        if wasLoggedIn {
            hub.emit(.onConnectionChange(PlivoConnectionChange(state: "disconnected", eventCode: 1000, eventReason: "Logout")))
            hub.emit(.onLogout(reason: nil))
        }
    }

    private func tearDown() async {
        guard let current = session else {
            phase = .idle
            return
        }
        session = nil
        phase = .idle
        reconnecting = false
        for entry in medias.values {
            await entry.media.close()
            entry.forward.cancel()
        }
        medias.removeAll()
        for entry in quality.values { entry.task.cancel() }
        quality.removeAll()
        records.removeAll()
        invites.removeAll()
        earlyUpdates.removeAll()
        mediaConnected.removeAll()
        registry = CallRegistry(allowMultipleIncomingCalls: options.allowMultipleIncomingCalls)
        await current.registration.close()
        await current.calls.close()
        await current.link.close()
        for task in current.tasks { task.cancel() }
    }
}

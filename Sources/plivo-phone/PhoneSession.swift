import PlivoSDK
import AudioProcessing
import Dispatch
import Foundation
import ICE
import SIPCore
import SIPTransaction
import SIPTransport
import SIPUserAgent
import StackCore
import Synchronization

/// One run of plivo-phone: log in at the first server that can be reached (RFC 3261 §10.2
/// REGISTER with Digest authentication), run the command (stay registered, place a call, take
/// calls), log out (un-REGISTER with `Expires: 0`).
///
/// Servers are tried in order: the next one when the transport cannot be opened, or when the
/// login ends without an answer (`Request Timeout`, `Connection Error`, connection lost).
/// SIGINT stops the command (a call is canceled or hung up), logs out and ends the run.
struct PhoneSession: Sendable {
    /// What a run of one server ended with.
    private enum Outcome {
        case exit(Int32)
        case tryNext
    }

    /// One input of the session loop.
    private enum Input: Sendable {
        case registration(SIPRegistrationEvent)
        case connection(SIPConnectionChange)
        case interrupt
        case commandDone(Bool)
    }

    let servers: [SignallingServer]
    let user: String
    let password: String
    let tls: SIPTLSConfiguration
    let command: PhoneCommand
    let printer: PhoneEventPrinter
    /// STUN servers for the calls' server-reflexive candidates (`--stun`).
    var stunServers: [ICETransportAddress] = []
    /// The SDK's parallel STUN race (`--stun-race`).
    var stunRace = false
    /// What the calls send and record, and the profile they offer.
    var audio = CallAudioOptions()

    /// The seed's `onNoiseReductionReady` after the first login with `enableNoiseReduction`:
    /// emitted once a suppressor for the call format (48 kHz, 20 ms) can be made.
    private static func noiseReductionReady(_ printer: PhoneEventPrinter) {
        do {
            _ = try NoiseSuppressor(sampleRate: 48_000, frameSamples: 960)
            printer.emit("onNoiseReductionReady", [])
        } catch {
            PhoneEventPrinter.note("noise reduction unavailable: \(error)")
        }
    }

    /// Runs the session; returns the exit status: 0 logged in, did the command and logged out;
    /// 1 otherwise (login failed, the command did not do what was asked, interrupted before
    /// logging in, or the connection was lost).
    func run() async -> Int32 {
        let interrupts = InterruptRelay()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "plivo-phone.sigint"))
        source.setEventHandler { interrupts.interrupt() }
        source.resume()
        defer { source.cancel() }
        let devices = await PhoneEventPrinter.startDevices(audio, printer: printer)
        let status = await run(interrupts: interrupts, devices: devices)
        await devices?.close()
        return status
    }

    private func run(interrupts: InterruptRelay, devices: CallAudioDevices?) async -> Int32 {
        for (index, server) in servers.enumerated() {
            if interrupts.isInterrupted { return 1 }
            let connection: SignallingConnection
            do {
                connection = try await SignallingConnection.open(server, user: user, tls: tls)
            } catch {
                PhoneEventPrinter.note("cannot connect to \(server): \(error)")
                continue
            }
            let isLast = index == servers.count - 1
            switch await attempt(server, connection, isLast: isLast, interrupts: interrupts, devices: devices) {
            case .exit(let status): return status
            case .tryNext: continue
            }
        }
        printer.loginFailed(LoginFailureCause.connectionError)
        return 1
    }

    /// Logs in through `connection` and runs the command until logged out or failed; closes
    /// the connection before returning.
    ///
    /// Once logged in, a lost connection (closed, or a keep-alive OPTIONS unanswered for 2 s) is
    /// reported as `onConnectionChange {disconnected}` and reopened with back-off (2 s doubling
    /// to 20 s, jitter) across the server list starting at this server; after
    /// `onConnectionChange {connected}` the phone registers again (a fresh REGISTER with the new
    /// Contact) and the command goes on. Before the login, a lost connection moves on to the next
    /// server instead.
    private func attempt(_ server: SignallingServer, _ connection: SignallingConnection, isLast: Bool,
                         interrupts: InterruptRelay, devices: CallAudioDevices?) async -> Outcome {
        let clock = SystemClock.shared
        let order = rotated(startingAt: server)
        let signalling = SignallingLink(connection: connection, servers: order, user: user, tls: tls, domain: server.uriHost,
                                        userAgent: "plivo-phone (PlivoSwiftStack)", clock: clock)
        let link = signalling.transport
        let layer = signalling.layer
        let configuration = connection.configuration(user: user, domain: server.uriHost)
        var client = SIPRegistrationClient(
            configuration: configuration, layer: layer, destination: connection.destination, clock: clock)
        let credentials = SIPDigestCredentials(username: user, password: password)
        // Requests outside calls (Kamailio's OPTIONS pings, a stray NOTIFY or BYE) are answered
        // by the responder through the call controller, the single reader of the layer.
        let responder = SIPUserAgentRequestResponder(supported: configuration.supported)
        let calls = SIPCallController(
            layer: layer, destination: connection.destination,
            configuration: SignallingLink.callConfiguration(connection, configuration, credentials),
            clock: clock, responder: responder)
        await calls.setAcceptsIncomingCalls(command.takesIncomingCalls)
        await calls.setActivityHandler { inCall in Task { await link.callStateChanged(inCall: inCall) } }
        let routing = Task { await calls.run() }
        let context = PhoneCommandContext(
            calls: calls, printer: printer, addressOfRecord: configuration.addressOfRecord,
            mediaAddress: (try? LocalNetwork.localAddress(toward: connection.destination.host,
                                                          port: connection.destination.port)) ?? "127.0.0.1",
            stunServers: stunServers, stunRace: stunRace, audio: audio, devices: devices)
        let (inputs, input) = AsyncStream.makeStream(of: Input.self)
        var registrationForwards = [Self.forward(client, into: input)]
        let connectionForward = Task {
            for await change in link.changes { input.yield(.connection(change)) }
        }
        printer.connected()
        await signalling.start()
        interrupts.attach { input.yield(.interrupt) }

        var outcome = Outcome.exit(1)
        var loggedIn = false
        var loggingOut = false
        var disconnectReported = false
        var reconnecting = false
        var firstConnectedSeen = false
        var commandOK = false
        var running: Task<Void, Never>?
        let stopper = PhoneCommandStopper()
        do {
            try await client.login(credentials)
        } catch {
            input.yield(.registration(.registrationFailed(error)))
        }
        loop: for await next in inputs {
            switch next {
            case .registration(.registered):
                if loggedIn {
                    PhoneEventPrinter.note("registered again after reconnecting")
                    continue
                }
                printer.login()
                loggedIn = true
                if audio.noiseReduction { Self.noiseReductionReady(printer) }
                if interrupts.isInterrupted {
                    loggingOut = true
                    await client.logout()
                } else {
                    let command = command
                    running = Task {
                        let done = await command.run(context, stopper: stopper)
                        input.yield(.commandDone(done))
                    }
                }
            case .registration(.refreshed):
                break
            case .registration(.registrationFailed(let failure)):
                if loggedIn, !loggingOut {
                    // The connection is being reopened (or was): the next connect registers again.
                    PhoneEventPrinter.note("registration lost: \(failure); waiting for the connection")
                    continue
                }
                let unanswered = failure == .timeout || failure == .transportError
                if !loggedIn, unanswered, !isLast, !interrupts.isInterrupted {
                    PhoneEventPrinter.note("no answer from \(server) (\(failure)); trying the next server")
                    outcome = .tryNext
                } else {
                    PhoneEventPrinter.note("login failed: \(failure)")
                    printer.loginFailed(LoginFailureCause.cause(for: failure))
                }
                break loop
            case .registration(.unregistered):
                printer.logout()
                outcome = .exit(loggedIn && commandOK ? 0 : 1)
                break loop
            case .connection(let change) where change.state == .disconnected:
                printer.disconnected(change.code ?? .abnormal, reason: change.reason)
                if loggedIn, !loggingOut, !interrupts.isInterrupted {
                    reconnecting = true
                    continue
                }
                disconnectReported = true
                outcome = !loggedIn && !isLast && !interrupts.isInterrupted ? .tryNext : .exit(1)
                break loop
            case .connection:
                guard firstConnectedSeen else {
                    firstConnectedSeen = true
                    continue
                }
                printer.connected()
                guard reconnecting else { continue }
                reconnecting = false
                // A fresh registration on the new connection (new Contact for UDP/TCP).
                let reopened = signalling.connection
                let fresh = reopened.configuration(user: user, domain: server.uriHost)
                await client.close()
                client = SIPRegistrationClient(configuration: fresh, layer: layer, destination: reopened.destination,
                                               clock: clock)
                registrationForwards.append(Self.forward(client, into: input))
                await calls.updateConfiguration(SignallingLink.callConfiguration(reopened, fresh, credentials))
                do {
                    try await client.login(credentials)
                } catch {
                    PhoneEventPrinter.note("cannot register again: \(error)")
                }
            case .interrupt:
                if running != nil {
                    stopper.stop()
                } else if !loggingOut {
                    // While a REGISTER is in flight the un-REGISTER follows its answer.
                    loggingOut = true
                    await client.logout()
                }
            case .commandDone(let done):
                commandOK = done
                if !loggingOut {
                    loggingOut = true
                    if reconnecting {
                        // No connection to un-REGISTER on: the binding expires at the registrar.
                        outcome = .exit(1)
                        break loop
                    }
                    await client.logout()
                }
            }
        }
        stopper.stop()
        await running?.value
        interrupts.detach()
        input.finish()
        await client.close()
        await calls.close()
        await signalling.close()
        routing.cancel()
        await routing.value
        for task in registrationForwards { await task.value }
        await connectionForward.value
        if !disconnectReported { printer.disconnected(.normal) }
        return outcome
    }

    /// The servers in failover order starting at `server` (the one logged in at).
    private func rotated(startingAt server: SignallingServer) -> [SignallingServer] {
        guard let index = servers.firstIndex(where: { $0.description == server.description }) else { return [server] }
        return Array(servers[index...] + servers[..<index])
    }

    /// Forwards a registration client's events into the session loop.
    private static func forward(_ client: SIPRegistrationClient, into input: AsyncStream<Input>.Continuation)
        -> Task<Void, Never> {
        Task { for await event in client.events { input.yield(.registration(event)) } }
    }
}

/// Carries SIGINT from the dispatch signal source to the session loop that is running, and
/// remembers that it came (an interrupt between two servers ends the run).
final class InterruptRelay: Sendable {
    private struct State {
        var interrupted = false
        var target: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    /// Whether SIGINT has arrived.
    var isInterrupted: Bool { state.withLock { $0.interrupted } }

    /// Records SIGINT and tells the attached loop.
    func interrupt() {
        let target = state.withLock { state in
            state.interrupted = true
            return state.target
        }
        target?()
    }

    /// Sends interrupts to `target`, at once when one has already arrived.
    func attach(_ target: @escaping @Sendable () -> Void) {
        let already = state.withLock { state in
            state.target = target
            return state.interrupted
        }
        if already { target() }
    }

    /// Stops sending interrupts to the attached loop.
    func detach() {
        state.withLock { $0.target = nil }
    }
}

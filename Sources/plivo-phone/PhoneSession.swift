import Dispatch
import Foundation
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
        case connection(SIPConnectionState)
        case interrupt
        case commandDone(Bool)
    }

    let servers: [PhoneServer]
    let user: String
    let password: String
    let tls: SIPTLSConfiguration
    let command: PhoneCommand
    let printer: PhoneEventPrinter

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

        for (index, server) in servers.enumerated() {
            if interrupts.isInterrupted { return 1 }
            let connection: PhoneConnection
            do {
                connection = try await PhoneConnection.open(server, user: user, tls: tls)
            } catch {
                PhoneEventPrinter.note("cannot connect to \(server): \(error)")
                continue
            }
            let isLast = index == servers.count - 1
            switch await attempt(server, connection, isLast: isLast, interrupts: interrupts) {
            case .exit(let status): return status
            case .tryNext: continue
            }
        }
        printer.loginFailed(LoginFailureCause.connectionError)
        return 1
    }

    /// Logs in through `connection` and runs until logged out, failed or disconnected; closes
    /// the connection before returning.
    private func attempt(_ server: PhoneServer, _ connection: PhoneConnection, isLast: Bool,
                         interrupts: InterruptRelay) async -> Outcome {
        let clock = SystemClock.shared
        let bridge = SIPTransportBridge(transport: connection.transport)
        let layer = SIPTransactionLayer(clock: clock, transport: bridge)
        let configuration = connection.configuration(user: user, domain: server.uriHost)
        let client = SIPRegistrationClient(
            configuration: configuration, layer: layer, destination: connection.destination, clock: clock)
        let credentials = SIPDigestCredentials(username: user, password: password)
        // Requests outside calls (Kamailio's OPTIONS pings, a stray NOTIFY or BYE) are answered
        // by the responder through the call controller, the single reader of the layer.
        let responder = SIPUserAgentRequestResponder(supported: configuration.supported)
        let calls = SIPCallController(
            layer: layer, destination: connection.destination,
            configuration: SIPCallConfiguration(
                localAddress: SIPNameAddress(uri: configuration.addressOfRecord), contact: connection.contact,
                via: connection.via, userAgent: configuration.userAgent, supported: configuration.supported,
                reliableTransport: connection.destination.isReliable, credentials: credentials),
            clock: clock, responder: responder)
        await calls.setAcceptsIncomingCalls(command.takesIncomingCalls)
        let routing = Task { await calls.run() }
        let context = PhoneCommandContext(
            calls: calls, printer: printer, addressOfRecord: configuration.addressOfRecord,
            mediaAddress: (try? PhoneNetwork.localAddress(toward: connection.destination.host,
                                                          port: connection.destination.port)) ?? "127.0.0.1")
        let (inputs, input) = AsyncStream.makeStream(of: Input.self)
        let pump = Task { await bridge.pump(into: layer) }
        let registrationForward = Task {
            for await event in client.events { input.yield(.registration(event)) }
        }
        let connectionForward = Task {
            for await case .connectionState(let state, _) in bridge.events { input.yield(.connection(state)) }
        }
        printer.connected()
        interrupts.attach { input.yield(.interrupt) }

        var outcome = Outcome.exit(1)
        var loggedIn = false
        var loggingOut = false
        var disconnectReported = false
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
                printer.login()
                loggedIn = true
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
            case .connection(.disconnected(let code)):
                printer.disconnected(code)
                disconnectReported = true
                outcome = !loggedIn && !isLast && !interrupts.isInterrupted ? .tryNext : .exit(1)
                break loop
            case .connection(.connecting), .connection(.connected):
                break
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
        await connection.transport.close()
        await pump.value
        routing.cancel()
        await routing.value
        await registrationForward.value
        await connectionForward.value
        if !disconnectReported { printer.disconnected(.normal) }
        return outcome
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

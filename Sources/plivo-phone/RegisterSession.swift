import Dispatch
import Foundation
import SIPCore
import SIPTransaction
import SIPTransport
import SIPUserAgent
import StackCore
import Synchronization

/// `plivo-phone register`: log in at the first server that can be reached, stay `duration`
/// seconds, log out (RFC 3261 §10.2 REGISTER with Digest authentication, un-REGISTER with
/// `Expires: 0`).
///
/// Servers are tried in order: the next one when the transport cannot be opened, or when the
/// login ends without an answer (`Request Timeout`, `Connection Error`, connection lost).
/// SIGINT logs out (after a REGISTER in flight) and ends the run.
struct RegisterSession: Sendable {
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
        case durationElapsed
    }

    let servers: [PhoneServer]
    let user: String
    let password: String
    let duration: Duration
    let printer: PhoneEventPrinter

    /// Runs the session; returns the exit status: 0 logged in and out, 1 login failed (or
    /// interrupted before logging in, or the connection was lost).
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
                connection = try await PhoneConnection.open(server, user: user)
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
        // Requests the server starts (Kamailio's OPTIONS pings, a stray NOTIFY, an INVITE the
        // phone cannot take) are answered by the responder; the phone has no call handler.
        let responder = SIPUserAgentRequestResponder(supported: configuration.supported)
        let answering = Task { await Self.answerRequests(from: layer, with: responder) }
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
        var timer: Task<Void, Never>?
        do {
            try await client.login(SIPDigestCredentials(username: user, password: password))
        } catch {
            input.yield(.registration(.registrationFailed(error)))
        }
        loop: for await next in inputs {
            switch next {
            case .registration(.registered):
                printer.login()
                loggedIn = true
                if interrupts.isInterrupted || duration <= .zero {
                    loggingOut = true
                    await client.logout()
                } else {
                    let duration = duration
                    timer = Task {
                        try? await Task.sleep(for: duration)
                        if !Task.isCancelled { input.yield(.durationElapsed) }
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
                outcome = .exit(loggedIn ? 0 : 1)
                break loop
            case .connection(.disconnected(let code)):
                printer.disconnected(code)
                disconnectReported = true
                outcome = !loggedIn && !isLast && !interrupts.isInterrupted ? .tryNext : .exit(1)
                break loop
            case .connection(.connecting), .connection(.connected):
                break
            case .interrupt, .durationElapsed:
                if !loggingOut {
                    loggingOut = true
                    await client.logout()
                }
            }
        }
        interrupts.detach()
        timer?.cancel()
        input.finish()
        await client.close()
        await connection.transport.close()
        await pump.value
        answering.cancel()
        await answering.value
        await registrationForward.value
        await connectionForward.value
        if !disconnectReported { printer.disconnected(.normal) }
        return outcome
    }

    /// Answers each new request the layer hands to the TU as `responder` decides (RFC 3261
    /// §8.2), until the calling task is cancelled.
    private static func answerRequests(from layer: SIPTransactionLayer, with responder: SIPUserAgentRequestResponder) async {
        for await event in layer.events {
            guard case .request(let request, let key, _) = event,
                  case .respond(let response) = responder.decide(request) else { continue }
            try? await layer.respond(response, to: key)
        }
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

import Foundation
import SIPCore
import Synchronization
import SIPTransaction
import SIPUserAgent

/// Runs scenarios against one target, a case at a time, and reports each case's result.
public struct ConformanceRunner: Sendable {
    /// How the run is set up.
    public struct Configuration: Sendable {
        /// The target.
        public var target: ConformanceTarget
        /// The role the target plays.
        public var role: ConformanceRole
        /// Accounts on the target, `user1` first.
        public var accounts: [SIPDigestCredentials]
        /// The domain for Request-URIs and AORs (default: the target's host).
        public var domain: String?
        /// Named as the target's software for `known:` lines (default: its Server header).
        public var targetName: String?
        /// Accept any TLS certificate (loopback test servers).
        public var insecureTLS: Bool
        /// RFC 3261 timer values (T1 paces UDP retransmissions).
        public var timers: SIPTimerValues

        /// Creates a configuration.
        public init(target: ConformanceTarget, role: ConformanceRole, accounts: [SIPDigestCredentials] = [],
                    domain: String? = nil, targetName: String? = nil, insecureTLS: Bool = false,
                    timers: SIPTimerValues = .rfc3261) {
            self.target = target
            self.role = role
            self.accounts = accounts
            self.domain = domain
            self.targetName = targetName
            self.insecureTLS = insecureTLS
            self.timers = timers
        }
    }

    /// The configuration.
    public let configuration: Configuration
    private let identity = ServerIdentity()

    /// The target's software from the first Server or User-Agent header it sent, if any yet.
    public var serverName: String? { identity.name }

    /// Creates a runner.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Sends an OPTIONS and waits up to `timeout` for any answer: whether the target is there
    /// at all (a dead target is a usage problem, not a hundred failed cases).
    public func probe(timeout: Duration = .seconds(3)) async throws(ConformanceError) {
        let mailbox = ConformanceMailbox()
        let connection = try await ConformanceConnection.open(
            name: "probe", target: configuration.target, mailbox: mailbox, insecureTLS: configuration.insecureTLS)
        defer { Task { await connection.close() } }
        let domain = configuration.domain ?? configuration.target.host
        let branch = "z9hG4bK-probe-\(UInt32.random(in: 0...UInt32.max))"
        let text = "OPTIONS sip:\(domain) SIP/2.0\r\nVia: SIP/2.0/\(configuration.target.transport.viaToken) \(connection.viaHost);branch=\(branch);rport\r\n"
            + "Max-Forwards: 70\r\nFrom: <sip:conform@\(domain)>;tag=probe\r\nTo: <sip:\(domain)>\r\n"
            + "Call-ID: probe-\(branch)\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
        let deadline = ContinuousClock.now + timeout
        var next = ContinuousClock.now
        while ContinuousClock.now < deadline {
            if ContinuousClock.now >= next {
                connection.send(Array(text.utf8))
                next = .now + .milliseconds(500)
            }
            guard let inbound = await mailbox.next(before: min(deadline, next)) else { continue }
            switch inbound.event {
            case .message(let message, _) where !message.isRequest:
                identity.learn(from: message)
                return
            case .unparsable:
                return
            case .closed:
                throw .connectFailed("\(configuration.target): the connection closed before an answer to OPTIONS")
            default:
                continue
            }
        }
        throw .connectFailed("\(configuration.target): no answer to OPTIONS within \(timeout)")
    }

    /// Runs `scenarios` in order, calling `progress` after each case.
    public func run(_ scenarios: [ConformanceScenario],
                    progress: @Sendable (ConformanceResult) -> Void = { _ in }) async -> [ConformanceResult] {
        var results: [ConformanceResult] = []
        for scenario in scenarios {
            let result = await run(scenario)
            progress(result)
            results.append(result)
        }
        return results
    }

    /// Runs one case.
    public func run(_ scenario: ConformanceScenario) async -> ConformanceResult {
        let started = ContinuousClock.now
        var result = ConformanceResult(id: scenario.id, suite: scenario.suite, name: scenario.name, title: scenario.title,
                                       outcome: .pass, duration: .zero)
        if let why = skipReason(scenario) {
            result.outcome = .skip
            result.detail = why
            return result
        }
        let execution = CaseExecution(scenario: scenario, configuration: configuration, identity: identity)
        if let failure = await execution.run() {
            result.outcome = .fail
            result.expectation = failure.expectation
            result.reference = failure.reference
            result.detail = failure.detail
            result.message = failure.message
            result.location = scenario.origin(of: failure.line)
            let server = (configuration.targetName ?? identity.name ?? "").lowercased()
            if let known = scenario.known.first(where: { !server.isEmpty && server.contains($0.server.lowercased()) }) {
                result.outcome = .knownFailure
                result.knownReason = known.reason
            }
        }
        result.duration = ContinuousClock.now - started
        return result
    }

    private func skipReason(_ scenario: ConformanceScenario) -> String? {
        if !scenario.roles.isEmpty, !scenario.roles.contains(configuration.role) {
            return "for \(scenario.roles.map(\.rawValue).sorted().joined(separator: "/")) targets; this one is a \(configuration.role.rawValue)"
        }
        if !scenario.transports.isEmpty, !scenario.transports.contains(configuration.target.transport) {
            return "only over \(scenario.transports.map(\.rawValue).sorted().joined(separator: "/")); the target is \(configuration.target.transport.rawValue)"
        }
        if scenario.users > configuration.accounts.count {
            return "needs \(scenario.users) account(s) (--user/--password), \(configuration.accounts.count) given"
        }
        return nil
    }
}

/// The target's software, from the first Server or User-Agent header seen.
final class ServerIdentity: Sendable {
    private let value = Mutex<String?>(nil)

    var name: String? { value.withLock { $0 } }

    func learn(from message: SIPMessage) {
        guard let header = message.server ?? message.userAgent else { return }
        value.withLock { if $0 == nil { $0 = header } }
    }
}

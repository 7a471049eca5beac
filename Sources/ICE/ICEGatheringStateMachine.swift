/// Candidate gathering as a pure state machine: host candidates at once, server-reflexive ones
/// from STUN Binding requests sent to every STUN server at the same moment (RFC 8445 §5.1.1.2),
/// and the Plivo SDK's cut-off (behaviour §3, the "parallel STUN race"):
///
/// - with `race` on (the seed's `usePlivoStunServers`), gathering completes at the first
///   server-reflexive candidate, whichever server answered first;
/// - otherwise it completes when every server has answered or failed;
/// - either way it completes 2 s after the first candidate (`ICE_GATHERING_TIMEOUT`), and then
///   reports `timedOut` (the SDK's `ice_timeout` media metric, value 2000).
///
/// Server-reflexive candidates are reported even when they equal the host address (loopback,
/// no NAT); pairing replaces them by their base, so they cost no extra check.
public struct ICEGatheringStateMachine: Sendable {
    /// The gathering cut-off after the first candidate (Plivo `ICE_GATHERING_TIMEOUT`, 2000 ms).
    public static let defaultCutoff: Duration = .milliseconds(2_000)

    /// What the machine is fed.
    public enum Input: Sendable {
        /// Start with these host candidates and STUN servers.
        case start(hosts: [ICECandidate], servers: [ICETransportAddress], race: Bool)
        /// A Binding request from `base` to `server` was answered with `mapped`.
        case stunAnswered(server: ICETransportAddress, base: ICETransportAddress, mapped: ICETransportAddress)
        /// A Binding request from `base` to `server` failed (error response or timeout).
        case stunFailed(server: ICETransportAddress, base: ICETransportAddress)
        /// The cut-off timer fired.
        case cutoff
    }

    /// What the machine asks for.
    public enum Action: Sendable, Hashable {
        /// Send a STUN Binding request from the host candidate `base` to `server`.
        case sendBinding(from: ICETransportAddress, to: ICETransportAddress)
        /// Arm the cut-off timer.
        case startCutoff(Duration)
        /// Disarm it.
        case cancelCutoff
        /// A candidate was gathered; `server` names the STUN server for a server-reflexive one.
        case candidate(ICECandidate, server: ICETransportAddress?)
        /// Gathering is complete; `timedOut` when the cut-off ended it (`ice_timeout`).
        case complete(timedOut: Bool)
    }

    /// The cut-off.
    public let cutoff: Duration
    /// Whether gathering is complete.
    public private(set) var isComplete = false
    /// The candidates gathered so far, in order.
    public private(set) var candidates: [ICECandidate] = []
    private var race = false
    private var outstanding: Set<[ICETransportAddress]> = []
    private var hosts: [ICECandidate] = []
    private var started = false

    /// Creates a machine with the given cut-off.
    public init(cutoff: Duration = defaultCutoff) {
        self.cutoff = cutoff
    }

    /// Feeds one input; returns the actions in order.
    public mutating func handle(_ input: Input) -> [Action] {
        var actions: [Action] = []
        guard !isComplete else { return actions }
        switch input {
        case let .start(hosts, servers, race):
            guard !started else { return actions }
            started = true
            self.race = race
            self.hosts = hosts
            for host in hosts {
                candidates.append(host)
                actions.append(.candidate(host, server: nil))
            }
            if !hosts.isEmpty { actions.append(.startCutoff(cutoff)) }
            for host in hosts where host.isUDP {
                for server in servers where server.isIPv6 == host.address.isIPv6 {
                    outstanding.insert([host.address, server])
                    actions.append(.sendBinding(from: host.address, to: server))
                }
            }
            if hosts.isEmpty || outstanding.isEmpty { finish(timedOut: false, into: &actions) }
        case let .stunAnswered(server, base, mapped):
            guard outstanding.remove([base, server]) != nil, let host = hosts.first(where: { $0.address == base }) else {
                return actions
            }
            let localPreference = (host.priority >> 8) & 0xFFFF
            let candidate = ICECandidate(
                foundation: ICECandidate.foundation(type: .serverReflexive, baseHost: base.host, server: server.description),
                component: host.component,
                priority: ICECandidate.priority(type: .serverReflexive, localPreference: localPreference,
                                                component: host.component),
                address: mapped, type: .serverReflexive, relatedAddress: base)
            if !candidates.contains(where: { $0.type == .serverReflexive && $0.address == mapped && $0.base == base }) {
                candidates.append(candidate)
                actions.append(.candidate(candidate, server: server))
            }
            if race || outstanding.isEmpty { finish(timedOut: false, into: &actions) }
        case let .stunFailed(server, base):
            guard outstanding.remove([base, server]) != nil else { return actions }
            // Without the race, gathering ends once every server has answered or failed; in the
            // race, only a server-reflexive candidate or the cut-off ends it (the SDK's rule).
            if outstanding.isEmpty, !race { finish(timedOut: false, into: &actions) }
        case .cutoff:
            finish(timedOut: true, into: &actions)
        }
        return actions
    }

    private mutating func finish(timedOut: Bool, into actions: inout [Action]) {
        guard !isComplete else { return }
        isComplete = true
        if !timedOut { actions.append(.cancelCutoff) }
        actions.append(.complete(timedOut: timedOut))
    }
}

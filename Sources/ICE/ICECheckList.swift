/// The check list of one ICE agent (RFC 8445 §6.1.2, a single data stream with one component):
/// pairs formed from local and remote candidates, pruned, ordered by pair priority, with the
/// frozen/waiting/in-progress/succeeded/failed states and the triggered-check queue (§7.3.1.4).
/// A pure value: the agent state machine drives it.
public struct ICECheckList: Sendable {
    /// The RFC 8445 §6.1.2.5 recommended limit on the number of pairs.
    public static let maxPairs = 100

    /// The pairs, highest priority first.
    public private(set) var pairs: [ICECandidatePair] = []
    /// Pairs waiting for a triggered check, first in first out (pair ids).
    public private(set) var triggered: [Int] = []
    /// The role the priorities are computed for.
    public private(set) var role: ICERole
    private var nextID = 0

    /// Creates an empty list for `role`.
    public init(role: ICERole) {
        self.role = role
    }

    /// The pair with `id`.
    public func pair(_ id: Int) -> ICECandidatePair? { pairs.first { $0.id == id } }

    /// The pair whose local base and remote address are these, if any.
    public func pair(localBase: ICETransportAddress, remote: ICETransportAddress) -> ICECandidatePair? {
        pairs.first { $0.local.base == localBase && $0.remote.address == remote }
    }

    /// Adds the pairs `local` × `remote` that can work (same component, UDP, same address
    /// family), with reflexive local candidates replaced by their base (§6.1.2.4), skipping a
    /// pair whose base and remote address are already in the list, and keeps the list ordered
    /// and within ``maxPairs`` (lowest priority dropped). New pairs start frozen; call
    /// ``unfreezeInitial()`` or let the agent unfreeze them. Returns the ids of the added pairs.
    @discardableResult
    public mutating func add(locals: [ICECandidate], remotes: [ICECandidate]) -> [Int] {
        var added: [Int] = []
        for remote in remotes where remote.isUDP {
            for candidate in locals where candidate.isUDP && candidate.component == remote.component
                && candidate.address.isIPv6 == remote.address.isIPv6 {
                var local = candidate
                if local.type == .serverReflexive {
                    // Checks are sent from the base: the pair is the host candidate's (§6.1.2.4).
                    guard let host = locals.first(where: { $0.type == .host && $0.address == candidate.base }) else {
                        continue
                    }
                    local = host
                }
                guard pair(localBase: local.base, remote: remote.address) == nil else { continue }
                pairs.append(ICECandidatePair(id: nextID, local: local, remote: remote))
                added.append(nextID)
                nextID += 1
            }
        }
        sort()
        if pairs.count > Self.maxPairs {
            let dropped = Set(pairs[Self.maxPairs...].map(\.id))
            pairs.removeLast(pairs.count - Self.maxPairs)
            triggered.removeAll { dropped.contains($0) }
            added.removeAll { dropped.contains($0) }
        }
        return added
    }

    /// Adds one pair as it is (a peer-reflexive remote learned from a request, or a check's
    /// valid pair), unless its base and remote are already listed; returns its id either way.
    public mutating func add(pair local: ICECandidate, remote: ICECandidate, state: ICEPairState) -> Int {
        if let existing = pair(localBase: local.base, remote: remote.address) { return existing.id }
        let id = nextID
        nextID += 1
        pairs.append(ICECandidatePair(id: id, local: local, remote: remote, state: state))
        sort()
        return id
    }

    /// §6.1.2.6: for each foundation, the highest-priority frozen pair becomes waiting.
    public mutating func unfreezeInitial() {
        var seen: Set<String> = []
        for index in pairs.indices where !seen.contains(pairs[index].foundation) {
            seen.insert(pairs[index].foundation)
            if pairs[index].state == .frozen { pairs[index].state = .waiting }
        }
    }

    /// §7.2.5.3.3: after a success, frozen pairs with the same foundation become waiting.
    public mutating func unfreeze(foundation: String) {
        for index in pairs.indices where pairs[index].foundation == foundation && pairs[index].state == .frozen {
            pairs[index].state = .waiting
        }
    }

    /// Sets the state of a pair.
    public mutating func setState(_ state: ICEPairState, of id: Int) {
        guard let index = pairs.firstIndex(where: { $0.id == id }) else { return }
        pairs[index].state = state
    }

    /// Marks a pair nominated.
    public mutating func nominate(_ id: Int) {
        guard let index = pairs.firstIndex(where: { $0.id == id }) else { return }
        pairs[index].nominated = true
    }

    /// Queues a triggered check for a pair (§7.3.1.4), once.
    public mutating func trigger(_ id: Int) {
        guard !triggered.contains(id), pair(id) != nil else { return }
        triggered.append(id)
    }

    /// The pair to check next (§6.1.4.2): the oldest triggered check, else the highest-priority
    /// waiting pair, else the highest-priority frozen pair whose foundation has no waiting or
    /// in-progress pair (it is unfrozen). The pair is moved to in-progress. Nil when none.
    public mutating func nextCheck() -> ICECandidatePair? {
        while !triggered.isEmpty {
            let id = triggered.removeFirst()
            guard let index = pairs.firstIndex(where: { $0.id == id }) else { continue }
            pairs[index].state = .inProgress
            return pairs[index]
        }
        if let index = pairs.firstIndex(where: { $0.state == .waiting }) {
            pairs[index].state = .inProgress
            return pairs[index]
        }
        let busy = Set(pairs.filter { $0.state == .waiting || $0.state == .inProgress }.map(\.foundation))
        if let index = pairs.firstIndex(where: { $0.state == .frozen && !busy.contains($0.foundation) }) {
            pairs[index].state = .inProgress
            return pairs[index]
        }
        return nil
    }

    /// Whether any check is left to do or in flight.
    public var hasWork: Bool {
        !triggered.isEmpty || pairs.contains { $0.state == .waiting || $0.state == .frozen || $0.state == .inProgress }
    }

    /// Whether every pair has failed (and there is at least one).
    public var allFailed: Bool { !pairs.isEmpty && pairs.allSatisfy { $0.state == .failed } }

    /// The succeeded pairs, highest priority first (the valid list, §7.2.5.3.2).
    public var valid: [ICECandidatePair] { pairs.filter { $0.state == .succeeded } }

    /// Recomputes priorities and order for a new role (§7.2.5.1 role change).
    public mutating func change(role: ICERole) {
        self.role = role
        sort()
    }

    /// Removes every pair and queued check (ICE restart, §9).
    public mutating func removeAll() {
        pairs = []
        triggered = []
    }

    private mutating func sort() {
        let role = self.role
        pairs.sort { lhs, rhs in
            let (l, r) = (lhs.priority(role: role), rhs.priority(role: role))
            return l != r ? l > r : lhs.id < rhs.id
        }
    }
}

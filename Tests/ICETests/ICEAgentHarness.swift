@testable import ICE

/// Two pure ICE agents on a simulated loss-free network: checks become requests at the peer,
/// responses come back as check results, timers are recorded and fired by the test.
struct ICEAgentHarness {
    var a: ICEAgentStateMachine
    var b: ICEAgentStateMachine
    /// Armed timers per side ("a"/"b").
    var timers: [String: Set<ICEAgentTimer>] = ["a": [], "b": []]
    /// Events per side, in order.
    var events: [String: [ICEAgentEvent]] = ["a": [], "b": []]
    /// Checks sent per side.
    var sent: [String: [ICECheck]] = ["a": [], "b": []]
    /// Addresses that drop everything sent to them.
    var unreachable: Set<ICETransportAddress> = []
    /// Checks whose results are held back (not delivered) when true.
    var holdResults = false
    var pending: [(side: String, check: ICECheck)] = []

    init(a: ICEAgentStateMachine, b: ICEAgentStateMachine) {
        self.a = a
        self.b = b
    }

    static func host(_ port: Int, preference: UInt32 = 65_535) -> ICECandidate {
        ICECandidate(foundation: ICECandidate.foundation(type: .host, baseHost: "127.0.0.1"),
                     priority: ICECandidate.priority(type: .host, localPreference: preference),
                     address: ICETransportAddress(host: "127.0.0.1", port: port), type: .host)
    }

    /// Feeds `input` to side `side` and processes every resulting action to quiescence.
    mutating func feed(_ side: String, _ input: ICEAgentStateMachine.Input) {
        var queue: [(String, ICEAgentStateMachine.Input)] = [(side, input)]
        while !queue.isEmpty {
            let (who, next) = queue.removeFirst()
            let actions = who == "a" ? a.handle(next) : b.handle(next)
            let other = who == "a" ? "b" : "a"
            for action in actions {
                switch action {
                case .sendCheck(let check):
                    sent[who, default: []].append(check)
                    if unreachable.contains(check.to) { continue }
                    if holdResults {
                        pending.append((who, check))
                        continue
                    }
                    queue.append((other, .request(Self.request(for: check))))
                case let .respond(request, response):
                    // Route the response to the check with this id on the other side.
                    let id = Int(request.transactionID[0]) | Int(request.transactionID[1]) << 8
                    switch response {
                    case .success(let mapped): queue.append((other, .checkResult(checkID: id, .success(mapped: mapped))))
                    case .roleConflict: queue.append((other, .checkResult(checkID: id, .roleConflict)))
                    }
                case let .startTimer(timer, _):
                    timers[who, default: []].insert(timer)
                case .cancelTimer(let timer):
                    timers[who, default: []].remove(timer)
                case .emit(let event):
                    events[who, default: []].append(event)
                }
            }
        }
    }

    /// The request the peer sees for `check`.
    static func request(for check: ICECheck) -> ICECheckRequest {
        ICECheckRequest(source: check.from, destination: check.to, priority: check.priority,
                        useCandidate: check.useCandidate,
                        controlling: check.role == .controlling ? check.tieBreaker : nil,
                        controlled: check.role == .controlled ? check.tieBreaker : nil,
                        transactionID: [UInt8(check.id & 0xFF), UInt8(check.id >> 8)] + Array(repeating: 0, count: 10))
    }

    /// Fires `timer` on `side` if armed.
    mutating func fire(_ side: String, _ timer: ICEAgentTimer) {
        guard timers[side, default: []].remove(timer) != nil else { return }
        feed(side, .timer(timer))
    }

    /// Fires pacing timers on both sides until neither is armed (at most `limit` rounds).
    mutating func runPacing(limit: Int = 100) {
        for _ in 0..<limit {
            let armed = timers["a", default: []].contains(.pacing) || timers["b", default: []].contains(.pacing)
                || timers["a", default: []].contains(.nomination) || timers["b", default: []].contains(.nomination)
            guard armed else { return }
            fire("a", .pacing)
            fire("b", .pacing)
            fire("a", .nomination)
            fire("b", .nomination)
        }
    }

    /// The states reported by `side`, in order.
    func states(_ side: String) -> [ICEConnectionState] {
        events[side, default: []].compactMap { if case .state(let state) = $0 { state } else { nil } }
    }
}

/// One conformance case read from a scenario file (the format: `Docs/CONFORMANCE.md`).
public struct ConformanceScenario: Sendable, Hashable {
    /// A server whose failure of this case is known and explained (`known: TOKEN: reason`).
    public struct KnownDeviation: Sendable, Hashable {
        /// Matched case-insensitively against the target's Server or User-Agent header and the
        /// `--target-name` option.
        public var server: String
        /// Why that server fails the case; printed with the result.
        public var reason: String
    }

    /// The suite (the folder the file is in).
    public var suite: String
    /// The case's name (`case:`, else the file name without extension).
    public var name: String
    /// One line saying what is checked.
    public var title: String
    /// The roles the case applies to; empty means every role.
    public var roles: Set<ConformanceRole>
    /// The transports the case runs over; empty means every transport.
    public var transports: Set<ConformanceTarget.Transport>
    /// The RFC section checks cite when they name none.
    public var reference: String
    /// How many accounts (`--user`/`--password` pairs) the case needs.
    public var users: Int
    /// Servers known to fail this case, with the reason.
    public var known: [KnownDeviation]
    /// What to do, in order.
    public var steps: [ConformanceStep]
    /// The file it was read from.
    public var file: String
    /// Where each line of the case (after `include`s are inlined) was written, as `file:line`;
    /// steps and checks number their lines in this list.
    public var origins: [String] = []

    /// `file:line` of line `line` of the inlined case.
    public func origin(of line: Int) -> String {
        line >= 1 && line <= origins.count ? origins[line - 1] : "\(file):\(line)"
    }

    /// `suite/name`.
    public var id: String { "\(suite)/\(name)" }
}

/// A comparison in a check.
public enum ConformanceComparison: String, Sendable, Hashable {
    /// `=`, `!=`, `<`, `<=`, `>`, `>=`.
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    func holds<T: Comparable>(_ left: T, _ right: T) -> Bool {
        switch self {
        case .equal: left == right
        case .notEqual: left != right
        case .less: left < right
        case .lessOrEqual: left <= right
        case .greater: left > right
        case .greaterOrEqual: left >= right
        }
    }
}

/// One step of a case.
public enum ConformanceStep: Sendable, Hashable {
    /// Send a message: a template (variables expanded, Content-Length computed) or, `raw`,
    /// the exact bytes of a file or block. `label` names the request for later steps.
    case send(template: [UInt8], raw: Bool, label: String?, line: Int)
    /// Wait for something and check it.
    case expect(ConformanceExpectation)
    /// Answer the last 401/407 challenge: sets `${auth}` to the whole Authorization (or
    /// Proxy-Authorization) line for the next request.
    /// `nonce` replaces the server's nonce (to check that a nonce it never issued is refused).
    case authenticate(user: Int, algorithm: String?, nonceCount: UInt32, label: String?, nonce: String?, line: Int)
    /// Answer the last received request with `status` (headers copied as RFC 3261 §8.2.6
    /// says) plus the block's extra lines and body.
    /// `to` names a request received with `expect request METHOD as LABEL`.
    case reply(status: Int, reason: String?, to: String?, extra: [UInt8], line: Int)
    /// Open another connection named `name` (subprotocols offered over WebSocket).
    case connect(name: String, subprotocols: [String], line: Int)
    /// Make `name` the connection later steps use.
    case use(name: String, line: Int)
    /// Close a connection (over WebSocket with a Close frame carrying `code`, or none when nil).
    case close(name: String?, code: UInt16?, line: Int)
    /// Let time pass.
    case wait(Duration, line: Int)
    /// Set a variable to an expanded template.
    case set(name: String, value: String, line: Int)
    /// Send one WebSocket frame: the block's bytes (expanded) or `size` filler bytes. With
    /// `label`, the message the frames so far make up (this one ending it) is remembered as a
    /// sent request, so `expect response LABEL` finds its answer.
    case frame(opcode: UInt8, fin: Bool, payload: [UInt8], size: Int?, label: String?, line: Int)
}

/// What an `expect` step waits for.
public struct ConformanceExpectation: Sendable, Hashable {
    /// The awaited thing.
    public enum Kind: Sendable, Hashable {
        /// The final response to the labelled (default: last sent) request.
        case response(label: String?)
        /// A provisional response to it.
        case provisional(label: String?)
        /// A request with this method on the current connection.
        case request(method: String)
        /// Nothing at all on the current connection (retransmissions included) for the time.
        case nothing
        /// The last final response again (a retransmission, RFC 3261 §17.2.1 Timer G).
        case retransmission
        /// The connection closing.
        case closed
        /// The WebSocket opening handshake of the current connection (already done).
        case handshake
    }

    /// What is awaited.
    public var kind: Kind
    /// How long to wait.
    public var within: Duration
    /// Whether arriving at nothing within the time is acceptable (the checks then do not run).
    public var optional: Bool
    /// For a received request: the name `reply … to LABEL` uses.
    public var label: String?
    /// The checks, in order.
    public var checks: [ConformanceCheck]
    /// Line in the file.
    public var line: Int
}

/// One check on what arrived; `text` is the line as written, `reference` the RFC cited.
public struct ConformanceCheck: Sendable, Hashable {
    /// What is checked.
    public enum Kind: Sendable, Hashable {
        /// The status code is one of the patterns (`200`, `4xx`, `400-499`), or none when negated.
        case status(patterns: [String], negated: Bool)
        /// A header is present (`present` true) or absent.
        case headerPresent(String, present: Bool)
        /// Some value of the header (comma lists split) equals the expanded text (negated: none does).
        case headerEquals(String, value: String, negated: Bool)
        /// Some value of the header matches the regular expression (negated: none does).
        case headerMatches(String, pattern: String, negated: Bool)
        /// The number of values of the header compares to `count`.
        case headerCount(String, ConformanceComparison, Int)
        /// The header's first value, an integer, compares to `value`.
        case headerInteger(String, ConformanceComparison, Int)
        /// The body is empty (`empty` true) or not.
        case bodyEmpty(Bool)
        /// The body matches the regular expression.
        case bodyMatches(String, negated: Bool)
        /// The whole message text matches.
        case textMatches(String, negated: Bool)
        /// The Request-URI matches.
        case uriMatches(String)
        /// Time since the request was sent (or the wait began) compares to the duration.
        case time(ConformanceComparison, Duration)
        /// Time since the previous copy (retransmissions) compares to the duration.
        case interval(ConformanceComparison, Duration)
        /// A Digest challenge with these parameters (value `*` = present) exists.
        case challenge([String: String])
        /// Store a value for later templates.
        case capture(String, source: String, header: String?, pattern: String?)
        /// The WebSocket close code is one of these.
        case closeCode([Int])
        /// The WebSocket handshake's Sec-WebSocket-Accept is right.
        case acceptValid
        /// The subprotocol a 101 selected is (`present` true) or is not this one; a handshake
        /// refused (not 101) selects none.
        case selected(String, present: Bool)
    }

    /// What is checked.
    public var kind: Kind
    /// The check as written (without its citation).
    public var text: String
    /// The RFC section cited in brackets, if any.
    public var reference: String?
    /// Its line in the inlined case (see ``ConformanceScenario/origin(of:)``).
    public var line: Int
}

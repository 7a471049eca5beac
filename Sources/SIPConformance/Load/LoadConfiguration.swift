import SIPCore
import SIPTransport
import SIPUserAgent

/// What one load call does (`--scenario`).
public enum LoadScenario: String, Sendable, CaseIterable {
    /// INVITE (small SDP offer) → 200 → ACK → hold → BYE → 200.
    case call
    /// REGISTER → 200 (a 401/407 challenge answered when credentials are given).
    case register
}

/// The transports a load target can name.
public enum LoadTransport: String, Sendable {
    /// SIP over UDP (RFC 3261 §18), the one load mode drives.
    case udp
    /// SIP over TCP: recognised, refused with ``LoadError/unsupportedTarget(_:)``.
    case tcp
}

/// Why a load run could not be set up (usage errors and unreachable targets: exit 2).
public enum LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `--target` URL is not `sip:HOST:PORT[;transport=udp]`.
    case invalidTarget(String)
    /// The target names a transport load mode does not drive (tcp, ws, wss, tls).
    case unsupportedTarget(String)
    /// An option is out of range or options contradict each other.
    case invalidOption(String)
    /// A socket could not be opened.
    case socket(String)
    /// The target never answered (OPTIONS probe, or the answerer's REGISTER).
    case unreachable(String)
    /// The built-in answerer's REGISTER was refused.
    case registrationRefused(Int, String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .invalidTarget(let text): "invalid --target \(text): expected sip:HOST:PORT;transport=udp"
        case .unsupportedTarget(let text): "unsupported --target \(text): load mode drives SIP over UDP only (sip:HOST:PORT;transport=udp)"
        case .invalidOption(let text): text
        case .socket(let text): "socket: \(text)"
        case .unreachable(let text): "target unreachable: \(text)"
        case .registrationRefused(let status, let text): "the answerer's REGISTER was refused with \(status) \(text)"
        }
    }
}

/// A load target: `sip:HOST:PORT;transport=udp` (the port defaults to 5060, the transport to UDP).
public struct LoadTarget: Sendable, Equatable, CustomStringConvertible {
    /// IPv4 or IPv6 literal, or a host name resolved once at start.
    public var host: String
    /// The port.
    public var port: Int
    /// The transport named by the URL.
    public var transport: LoadTransport

    /// Creates a target.
    public init(host: String, port: Int, transport: LoadTransport = .udp) {
        self.host = host
        self.port = port
        self.transport = transport
    }

    /// Parses `--target`. `ws://`, `wss://`, `sips:` and `transport=tcp|tls|ws` are refused with
    /// ``LoadError/unsupportedTarget(_:)``; anything else not a SIP URI with a host with
    /// ``LoadError/invalidTarget(_:)``.
    public init(parsing text: String) throws(LoadError) {
        let lower = text.lowercased()
        if lower.hasPrefix("ws://") || lower.hasPrefix("wss://") || lower.hasPrefix("sips:") {
            throw .unsupportedTarget(text)
        }
        // One parser for targets: the conformance runner's (SIPCore's URI parser underneath).
        guard lower.hasPrefix("sip:"), let target = try? ConformanceTarget(text) else {
            let named = (try? SIPURI(text))?.parameter("transport")?.lowercased()
            if let named, ["tcp", "tls", "ws", "wss", "sctp"].contains(named) { throw .unsupportedTarget(text) }
            throw .invalidTarget(text)
        }
        guard target.transport == .udp else { throw .unsupportedTarget(text) }
        self.init(host: target.host, port: target.port, transport: .udp)
    }

    /// `sip:HOST:PORT;transport=udp`.
    public var description: String { "sip:\(hostPort);transport=\(transport.rawValue)" }

    /// `HOST:PORT` as written in a URI or a Via (an IPv6 host in brackets).
    public var hostPort: String { SIPTransportAddress(host: host, port: port).description }
}

/// Where the calls' callee is (`--answer`, `--direct`).
public enum LoadCalleeMode: Sendable, Equatable {
    /// The target routes `sip:<callee>@target` to someone else (a registered phone, or the
    /// target answers itself as a UAS).
    case external
    /// The built-in answerer runs on its own socket and event loop, REGISTERs as the callee at
    /// the target, and answers what the target routes to it.
    case answerer(port: Int, password: String?)
    /// The built-in answerer binds the target address itself; calls go straight to it (no proxy:
    /// measures the tool alone).
    case direct
}

/// Everything one load run needs.
public struct LoadConfiguration: Sendable {
    /// Where requests go.
    public var target: LoadTarget
    /// What each call does.
    public var scenario: LoadScenario
    /// Calls started per second.
    public var rate: Double
    /// Calls in all.
    public var calls: Int
    /// Most calls open at once.
    public var concurrency: Int
    /// Time between the ACK and the BYE.
    public var hold: Duration
    /// Time a transaction may take before it counts as failure `timeout` (Timer B/F: 32 s).
    public var timeout: Duration
    /// RFC 3261 T1 (first retransmission interval over UDP).
    public var t1: Duration
    /// RFC 3261 T2 (cap of non-INVITE retransmission intervals).
    public var t2: Duration
    /// The callee user calls go to (`sip:<callee>@<target host:port>`).
    public var callee: String
    /// Where the callee is.
    public var calleeMode: LoadCalleeMode
    /// Caller credentials for 401/407 challenges.
    public var credentials: SIPDigestCredentials?
    /// The caller's user when no credentials are given.
    public var caller: String
    /// Expires of the registrations of the `register` scenario.
    public var registerExpires: Int
    /// The local address the caller's socket binds (port 0: any).
    public var localHost: String
    /// Time the OPTIONS probe (no answerer) or the answerer's REGISTER may take.
    public var probeTimeout: Duration

    /// Creates a configuration; see the properties for the defaults' meaning.
    public init(target: LoadTarget, scenario: LoadScenario, rate: Double, calls: Int, concurrency: Int? = nil,
                hold: Duration = .zero, timeout: Duration = .seconds(32), t1: Duration = .milliseconds(500),
                t2: Duration = .seconds(4), callee: String = "load", calleeMode: LoadCalleeMode = .external,
                credentials: SIPDigestCredentials? = nil, caller: String = "sip-conform", registerExpires: Int = 60,
                localHost: String? = nil, probeTimeout: Duration = .seconds(3)) {
        self.target = target
        self.scenario = scenario
        self.rate = rate
        self.calls = calls
        self.concurrency = concurrency ?? LoadConfiguration.defaultConcurrency(rate: rate)
        self.hold = hold
        self.timeout = timeout
        self.t1 = t1
        self.t2 = t2
        self.callee = callee
        self.calleeMode = calleeMode
        self.credentials = credentials
        self.caller = caller
        self.registerExpires = registerExpires
        self.localHost = localHost ?? (target.host.contains(":") ? "::1" : (target.host.hasPrefix("127.") ? "127.0.0.1" : "0.0.0.0"))
        self.probeTimeout = probeTimeout
    }

    /// The default `--concurrency`: ten seconds' worth of calls, at least 100.
    public static func defaultConcurrency(rate: Double) -> Int {
        guard rate.isFinite, rate > 0 else { return 100 }
        return max(100, Int(min(rate * 10, 10_000_000)))
    }

    /// Checks the ranges; throws ``LoadError/invalidOption(_:)`` naming the option.
    public func validate() throws(LoadError) {
        guard rate.isFinite, rate > 0, rate <= 1_000_000 else { throw .invalidOption("--rate must be > 0 and ≤ 1000000 calls/s") }
        guard calls > 0, calls <= 100_000_000 else { throw .invalidOption("--calls must be between 1 and 100000000") }
        guard concurrency > 0 else { throw .invalidOption("--concurrency must be > 0") }
        guard timeout > .zero else { throw .invalidOption("--timeout must be > 0") }
        guard hold >= .zero else { throw .invalidOption("--hold must be ≥ 0") }
        guard !callee.isEmpty, callee.utf8.allSatisfy(Self.isUserCharacter) else {
            throw .invalidOption("--callee must be a non-empty SIP user (letters, digits, -_.!~*'())")
        }
        if let credentials {
            guard !credentials.username.isEmpty, credentials.username.utf8.allSatisfy(Self.isUserCharacter) else {
                throw .invalidOption("--user must be a non-empty SIP user")
            }
        }
        if target.transport != .udp { throw .unsupportedTarget(target.description) }
        if case .answerer(let port, _) = calleeMode, !(0...65535).contains(port) {
            throw .invalidOption("--answer-port must be 0…65535")
        }
        if calleeMode != .external, scenario == .register {
            throw .invalidOption("--answer and --direct apply to --scenario call only")
        }
    }

    /// RFC 3261 unreserved characters (the user names load mode writes unescaped).
    static func isUserCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "~"),
             UInt8(ascii: "*"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"):
            true
        default:
            false
        }
    }
}

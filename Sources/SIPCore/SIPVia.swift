/// One Via header field value (RFC 3261 §20.42, §18.2.1): the sent-protocol, the sent-by
/// host and port, and the via-params.
public struct SIPVia: Sendable, Hashable, CustomStringConvertible {
    /// The protocol name, normally `SIP`.
    public var protocolName: String
    /// The protocol version, normally `2.0`.
    public var protocolVersion: String
    /// The transport (`UDP`, `TCP`, `TLS`, `SCTP`, `WS`, `WSS`, or any other token), upper-cased.
    public var transport: String
    /// The sent-by host.
    public var host: SIPURI.Host
    /// The sent-by port, when given.
    public var port: Int?
    /// The via-params in order.
    public var parameters: [SIPParameter]

    /// Creates a Via value.
    public init(transport: String, host: SIPURI.Host, port: Int? = nil, parameters: [SIPParameter] = []) {
        self.protocolName = "SIP"
        self.protocolVersion = "2.0"
        self.transport = transport.utf8.contains(where: { $0 &- 97 < 26 }) ? transport.uppercased() : transport
        self.host = host
        self.port = port
        self.parameters = parameters
    }

    /// The `branch` parameter (RFC 3261 §8.1.1.7).
    public var branch: String? { parameters.value(of: "branch") }
    /// The `received` parameter (RFC 3261 §18.2.1).
    public var received: String? { parameters.value(of: "received") }
    /// The `rport` parameter (RFC 3581): `""` when present without a value.
    public var rport: String? { parameters.value(of: "rport") }
    /// Whether the branch starts with the RFC 3261 magic cookie `z9hG4bK`.
    public var hasRFC3261Branch: Bool { branch?.hasPrefix("z9hG4bK") ?? false }

    /// `SIP/2.0/UDP host:port;params`
    public var description: String { writtenText }

    static func parse(_ scanner: inout SIPHeaderScanner) throws(SIPParseError) -> SIPVia {
        scanner.skipLWS()
        let name = try scanner.token("protocol name")
        try scanner.expect(47, "'/'")
        let version = try scanner.token("protocol version")
        try scanner.expect(47, "'/'")
        let transport = try scanner.token("transport")
        scanner.skipLWS()
        let hostStart = scanner.index
        let host: SIPURI.Host
        if scanner.peek == 91 {
            while let b = scanner.peek, b != 93 { scanner.index += 1 }
            guard !scanner.atEnd else { throw scanner.error("unterminated IPv6 reference", at: hostStart) }
            let inner = scanner.bytes[(hostStart + 1)..<scanner.index]
            guard SIPURI.isIPv6(inner) else { throw scanner.error("bad IPv6 address", at: hostStart) }
            host = .ipv6(String(decoding: inner, as: UTF8.self))
            scanner.index += 1
        } else {
            while let b = scanner.peek, SIPCharacterClass.has(b, SIPCharacterClass.alpha) || SIPCharacterClass.isDigit(b)
                    || b == 45 || b == 46 || b == 95 { scanner.index += 1 }
            let hostBytes = scanner.bytes[hostStart..<scanner.index]
            if SIPURI.isIPv4(hostBytes) {
                host = .ipv4(String(decoding: hostBytes, as: UTF8.self))
            } else if SIPURI.isHostname(hostBytes) {
                host = .domain(String(decoding: hostBytes, as: UTF8.self))
            } else {
                throw scanner.error(hostBytes.isEmpty ? "expected sent-by host" : "bad sent-by host", at: hostStart)
            }
        }
        var port: Int?
        if scanner.consume(58) {
            port = Int(try scanner.number(max: 65535, "port"))
        }
        let parameters = try scanner.parameters()
        var via = SIPVia(transport: transport, host: host, port: port, parameters: parameters)
        via.protocolName = name
        via.protocolVersion = version
        return via
    }
}

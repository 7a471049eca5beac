import SIPCore
import SIPTransaction
import SIPTransport
import SIPUserAgent

/// An open transport toward one server, with the addressing a REGISTER needs: where requests
/// go, the Via sent-by and the Contact to bind.
///
/// - WebSocket (RFC 7118 §5.2): Via `SIP/2.0/WS <random>.invalid` and Contact
///   `sip:<random>@<random>.invalid;transport=ws`, since the client cannot be reached at an
///   address of its own.
/// - UDP and TCP (RFC 3261 §18): the server host is resolved; the transport binds (UDP) or
///   listens (TCP) on the local address the system routes toward the server, on an ephemeral
///   port; Via and Contact name that address and port (`;transport=tcp` for TCP) with `rport`
///   (RFC 3581).
struct PhoneConnection: Sendable {
    /// The open transport.
    let transport: any SIPMessageTransport
    /// Where REGISTERs are sent.
    let destination: SIPTransactionDestination
    /// The Via of every request (the transaction layer adds the branch).
    let via: SIPVia
    /// The Contact URI to bind.
    let contact: SIPURI

    /// Opens a transport to `server`: binds (UDP), listens and connects (TCP) or runs the
    /// WebSocket handshake. Throws when that fails; nothing is left open then.
    static func open(_ server: PhoneServer, user: String) async throws -> PhoneConnection {
        switch server {
        case .webSocket(let url):
            let transport = try SIPWebSocketTransport(url: url)
            do {
                try await transport.connect()
            } catch {
                await transport.close()
                throw error
            }
            let host = SIPURI.Host.domain(SIPWebSocketTransport.randomContactHost())
            let address = transport.serverAddress
            return PhoneConnection(
                transport: transport,
                destination: SIPTransactionDestination(host: address.host, port: address.port, transport: "WS"),
                via: SIPVia(transport: SIPTransportKind.ws.viaTransport, host: host),
                contact: SIPURI(user: SIPRegistrationStateMachine.randomHex(8), host: host,
                                parameters: [SIPParameter("transport", SIPTransportKind.ws.uriParameter)]))
        case .sip(let kind, let host, let port):
            let serverIP = try PhoneNetwork.resolve(SIPTransportAddress(host: host, port: port).host)
            let localIP = try PhoneNetwork.localAddress(toward: serverIP, port: port)
            let server = SIPTransportAddress(host: serverIP, port: port)
            let transport: any SIPMessageTransport
            let local: SIPTransportAddress
            if kind == .tcp {
                let tcp = SIPTCPTransport()
                do {
                    local = try await tcp.listen(host: localIP, port: 0)
                    try await tcp.connect(to: server)
                } catch {
                    await tcp.close()
                    throw error
                }
                transport = tcp
            } else {
                let udp = try await SIPUDPTransport.bind(host: localIP, port: 0)
                guard let bound = udp.localAddress else {
                    await udp.close()
                    throw SIPTransportError.bindFailed("\(localIP): no local address")
                }
                local = bound
                transport = udp
            }
            let localHost = PhoneServer.uriHost(local.host)
            let parameters = kind == .udp ? [] : [SIPParameter("transport", kind.uriParameter)]
            return PhoneConnection(
                transport: transport,
                destination: SIPTransactionDestination(host: server.host, port: server.port, transport: kind.viaTransport),
                via: SIPVia(transport: kind.viaTransport, host: localHost, port: local.port,
                            parameters: [SIPParameter("rport")]),
                contact: SIPURI(user: user, host: localHost, port: local.port, parameters: parameters))
        }
    }

    /// The registration of `user` at `domain` through this connection.
    func configuration(user: String, domain: SIPURI.Host) -> SIPRegistrationConfiguration {
        SIPRegistrationConfiguration(user: user, domain: domain, contact: contact, via: via,
                                     userAgent: "plivo-phone (PlivoSwiftStack)")
    }
}

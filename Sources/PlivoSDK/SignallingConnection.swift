import SIPCore
import SIPTransaction
import SIPTransport
import SIPUserAgent

/// An open transport toward one server, with the addressing a REGISTER needs: where requests
/// go, the Via sent-by and the Contact to bind.
///
/// - WebSocket (RFC 7118 §5.2): Via `SIP/2.0/WS <random>.invalid` (`WSS` for `wss://`) and
///   Contact `sip:<random>@<random>.invalid;transport=ws` (`;transport=wss`), since the client
///   cannot be reached at an address of its own.
/// - UDP and TCP (RFC 3261 §18): the server host is resolved; the transport binds (UDP) or
///   listens (TCP) on the local address the system routes toward the server, on an ephemeral
///   port; Via and Contact name that address and port (`;transport=tcp` for TCP) with `rport`
///   (RFC 3581).
/// - TLS (RFC 3261 §26.2): the server host is resolved and one TLS connection opened to it (the
///   server's certificate is checked against the host as written, RFC 5922); the phone does not
///   listen (it has no certificate), so Via `SIP/2.0/TLS` and Contact `;transport=tls` name the
///   connection's local address and port, with `rport`: requests from the server come back on
///   that connection (RFC 3261 §18.2.2, RFC 5626 flow reuse).
package struct SignallingConnection: Sendable {
    /// The open transport.
    package let transport: any SIPMessageTransport
    /// Where REGISTERs are sent.
    package let destination: SIPTransactionDestination
    /// The Via of every request (the transaction layer adds the branch).
    package let via: SIPVia
    /// The Contact URI to bind.
    package let contact: SIPURI

    /// Opens a transport to `server`: binds (UDP), listens and connects (TCP), connects and runs
    /// the TLS handshake (TLS) or runs the (TLS and) WebSocket handshake. `tls` sets up TLS for
    /// `wss://` and TLS servers (default: system trust roots, full verification). Throws when
    /// that fails (`SIPTransportError.tlsHandshakeFailed` for a refused certificate); nothing is
    /// left open then.
    package static func open(_ server: SignallingServer, user: String, tls: SIPTLSConfiguration = .default) async throws -> SignallingConnection {
        switch server {
        case .webSocket(let url):
            let transport = try SIPWebSocketTransport(url: url, tls: tls)
            do {
                try await transport.connect()
            } catch {
                await transport.close()
                throw error
            }
            let host = SIPURI.Host.domain(SIPWebSocketTransport.randomContactHost())
            let address = transport.serverAddress
            let kind = transport.kind
            return SignallingConnection(
                transport: transport,
                destination: SIPTransactionDestination(host: address.host, port: address.port, transport: kind.viaTransport),
                via: SIPVia(transport: kind.viaTransport, host: host),
                contact: SIPURI(user: SIPRegistrationStateMachine.randomHex(8), host: host,
                                parameters: [SIPParameter("transport", kind.uriParameter)]))
        case .sip(let kind, let host, let port):
            let serverHost = SIPTransportAddress(host: host, port: port).host
            let serverIP = try LocalNetwork.resolve(serverHost)
            let localIP = try LocalNetwork.localAddress(toward: serverIP, port: port)
            let server = SIPTransportAddress(host: serverIP, port: port)
            let transport: any SIPMessageTransport
            let local: SIPTransportAddress
            if kind == .tls {
                let secure = try SIPTCPTransport(tls: tls)
                do {
                    // The certificate must name the host as written (an IP literal: its address).
                    try await secure.connect(to: server, serverName: tls.serverName ?? serverHost)
                    guard let bound = await secure.localAddress(toward: server) else {
                        throw SIPTransportError.noConnection(server)
                    }
                    local = bound
                } catch {
                    await secure.close()
                    throw error
                }
                transport = secure
            } else if kind == .tcp {
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
            let localHost = SignallingServer.uriHost(local.host)
            let parameters = kind == .udp ? [] : [SIPParameter("transport", kind.uriParameter)]
            return SignallingConnection(
                transport: transport,
                destination: SIPTransactionDestination(host: server.host, port: server.port, transport: kind.viaTransport),
                via: SIPVia(transport: kind.viaTransport, host: localHost, port: local.port,
                            parameters: [SIPParameter("rport")]),
                contact: SIPURI(user: user, host: localHost, port: local.port, parameters: parameters))
        }
    }

    /// The registration of `user` at `domain` through this connection.
    package func configuration(user: String, domain: SIPURI.Host,
                               userAgent: String = "plivo-phone (PlivoSwiftStack)") -> SIPRegistrationConfiguration {
        SIPRegistrationConfiguration(user: user, domain: domain, contact: contact, via: via, userAgent: userAgent)
    }
}

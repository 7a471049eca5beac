import NIOCore
import NIOSSL

/// The NIOSSL contexts built from one `SIPTLSConfiguration`: a client context for connecting
/// and, when the configuration has a certificate chain and key, a server context for listening.
/// Building reads the PEM files once; a context is then shared by every connection.
struct SIPTLSContexts: Sendable {
    /// The configuration the contexts come from.
    let configuration: SIPTLSConfiguration
    /// The context of connections this side opens.
    let client: NIOSSLContext
    /// The context of accepted connections; nil without a certificate chain and key.
    let server: NIOSSLContext?

    /// Builds the contexts; throws `tlsConfigurationFailed` naming what could not be loaded.
    /// `server` is built only when `forServer` is true and the configuration has an identity.
    init(_ configuration: SIPTLSConfiguration, forServer: Bool) throws(SIPTransportError) {
        self.configuration = configuration
        let identity = try Self.identity(of: configuration)
        let roots = try Self.trustRoots(configuration.trustRoots)

        var client = TLSConfiguration.makeClientConfiguration()
        client.minimumTLSVersion = .tlsv12
        client.trustRoots = roots.trustRoots
        client.additionalTrustRoots = roots.additional
        client.certificateVerification = switch configuration.certificateVerification {
        case .fullVerification: .fullVerification
        case .noHostnameVerification: .noHostnameVerification
        case .none: .none
        }
        if let identity {
            client.certificateChain = identity.chain.map { .certificate($0) }
            client.privateKey = .privateKey(identity.key)
        }
        self.client = try Self.context(client, role: "client")

        if forServer, let identity {
            var server = TLSConfiguration.makeServerConfiguration(
                certificateChain: identity.chain.map { .certificate($0) }, privateKey: .privateKey(identity.key))
            server.minimumTLSVersion = .tlsv12
            if configuration.requiresClientCertificate {
                server.certificateVerification = .noHostnameVerification
                server.trustRoots = roots.trustRoots
                server.additionalTrustRoots = roots.additional
            }
            self.server = try Self.context(server, role: "server")
        } else {
            self.server = nil
        }
    }

    /// The name to send in SNI and verify the certificate against when connecting to `host`:
    /// the configured `serverName`, else `host` unless it is an IP literal (checked against the
    /// certificate's IP addresses, and never sent in SNI, RFC 6066 §3).
    func serverName(forHost host: String, override: String? = nil) -> String? {
        let name = override ?? configuration.serverName ?? host
        return Self.isIPLiteral(name) || name.isEmpty ? nil : name
    }

    /// Whether `host` is an IPv4 or IPv6 literal (brackets allowed).
    static func isIPLiteral(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: SIPTransportAddress(host: host, port: 0).host, port: 0)) != nil
    }

    // MARK: - Loading

    private static func context(_ configuration: TLSConfiguration, role: String) throws(SIPTransportError) -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .tlsConfigurationFailed("\(role) context: \(error)")
        }
    }

    private static func identity(of configuration: SIPTLSConfiguration) throws(SIPTransportError)
        -> (chain: [NIOSSLCertificate], key: NIOSSLPrivateKey)? {
        switch (configuration.certificateChain, configuration.privateKey) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw .tlsConfigurationFailed("a certificate chain needs a private key")
        case (nil, .some):
            throw .tlsConfigurationFailed("a private key needs a certificate chain")
        case (.some(let chain), .some(let key)):
            return (try certificates(chain, what: "certificate chain"), try privateKey(key))
        }
    }

    private static func trustRoots(_ roots: SIPTLSConfiguration.TrustRoots) throws(SIPTransportError)
        -> (trustRoots: NIOSSLTrustRoots, additional: [NIOSSLAdditionalTrustRoots]) {
        switch roots {
        case .system:
            return (.default, [])
        case .custom(let pem):
            return (.certificates(try certificates(pem, what: "CA certificates")), [])
        case .systemAnd(let pem):
            return (.default, [.certificates(try certificates(pem, what: "CA certificates"))])
        }
    }

    private static func certificates(_ pem: SIPTLSConfiguration.PEM, what: String) throws(SIPTransportError) -> [NIOSSLCertificate] {
        let loaded: [NIOSSLCertificate]
        do {
            switch pem {
            case .file(let path): loaded = try NIOSSLCertificate.fromPEMFile(path)
            case .bytes(let bytes): loaded = try NIOSSLCertificate.fromPEMBytes(bytes)
            }
        } catch {
            throw .tlsConfigurationFailed("cannot load \(what) from \(pem): \(error)")
        }
        guard !loaded.isEmpty else { throw .tlsConfigurationFailed("no certificate in \(what) \(pem)") }
        return loaded
    }

    private static func privateKey(_ pem: SIPTLSConfiguration.PEM) throws(SIPTransportError) -> NIOSSLPrivateKey {
        do {
            switch pem {
            case .file(let path): return try NIOSSLPrivateKey(file: path, format: .pem)
            case .bytes(let bytes): return try NIOSSLPrivateKey(bytes: bytes, format: .pem)
            }
        } catch {
            throw .tlsConfigurationFailed("cannot load the private key from \(pem): \(error)")
        }
    }
}

/// TLS settings for SIP over TLS (RFC 3261 §26.2, RFC 5630) and SIP over secure WebSocket
/// (`wss://`, RFC 7118 §5): whom to trust, how strictly to check the peer, and what to present.
///
/// The default (`SIPTLSConfiguration.default`) is what a client wants: the system's trust roots
/// and full verification (the chain must lead to a trusted root and the certificate must match
/// the server name, RFC 5922 / RFC 6125). A server (`listen`) needs `certificateChain` and
/// `privateKey`; a client presents them too when they are set (mutual TLS).
///
/// Nothing is read when the value is made: files are read, and PEM parsed, when a transport is
/// created with it, which throws `SIPTransportError.tlsConfigurationFailed` on a bad file.
///
/// A client that trusts one CA file only (e.g. a `--ca-file` option):
/// `SIPTLSConfiguration(trustRoots: .custom(.file(path)))`, or `.trusting(caFile: path)`.
public struct SIPTLSConfiguration: Sendable, Hashable {
    /// PEM text (one or more `-----BEGIN …-----` blocks), from a file or in memory.
    public enum PEM: Sendable, Hashable, CustomStringConvertible {
        /// The path of a PEM file.
        case file(String)
        /// PEM text as bytes.
        case bytes([UInt8])

        /// The file's path, or `<N bytes of PEM>` (never the bytes themselves).
        public var description: String {
            switch self {
            case .file(let path): path
            case .bytes(let bytes): "<\(bytes.count) bytes of PEM>"
            }
        }
    }

    /// Which certificate authorities a peer's chain may lead to.
    public enum TrustRoots: Sendable, Hashable {
        /// The system's trust store.
        case system
        /// Only the CA certificates in the PEM (the system's store is not used).
        case custom(PEM)
        /// The system's trust store plus the CA certificates in the PEM.
        case systemAnd(PEM)
    }

    /// How the peer's certificate is checked.
    public enum CertificateVerification: Sendable, Hashable {
        /// The chain must lead to a trusted root and the certificate must match the server name
        /// (or, with no name, the peer's IP address). The default; the only safe client mode.
        case fullVerification
        /// The chain must lead to a trusted root; the name is not checked. For tests.
        case noHostnameVerification
        /// Nothing is checked. For tests only: it gives no protection against an active attacker.
        case none
    }

    /// The roots a peer's certificate chain is checked against.
    public var trustRoots: TrustRoots
    /// How a server's certificate is checked by a client (a server checks client certificates
    /// only when `requiresClientCertificate` is true).
    public var certificateVerification: CertificateVerification
    /// The certificate chain to present, leaf first: required to listen, optional for a client.
    public var certificateChain: PEM?
    /// The private key of the chain's leaf certificate.
    public var privateKey: PEM?
    /// The name a client sends in SNI and checks the server's certificate against, instead of
    /// the host it connects to; nil uses that host when it is a name (an IP literal is checked
    /// against the certificate's IP addresses and sends no SNI, RFC 6066 §3).
    public var serverName: String?
    /// Whether a listening transport requires and verifies (against `trustRoots`, no name
    /// check) a client certificate.
    public var requiresClientCertificate: Bool
    /// How long a TLS handshake may take before the connection is dropped.
    public var handshakeTimeout: Duration

    /// Creates a configuration; the defaults are a client's: system trust roots, full
    /// verification, no certificate of its own.
    public init(trustRoots: TrustRoots = .system,
                certificateVerification: CertificateVerification = .fullVerification,
                certificateChain: PEM? = nil, privateKey: PEM? = nil, serverName: String? = nil,
                requiresClientCertificate: Bool = false, handshakeTimeout: Duration = .seconds(10)) {
        self.trustRoots = trustRoots
        self.certificateVerification = certificateVerification
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.serverName = serverName
        self.requiresClientCertificate = requiresClientCertificate
        self.handshakeTimeout = handshakeTimeout
    }

    /// System trust roots, full verification, no client certificate.
    public static let `default` = SIPTLSConfiguration()

    /// A client configuration that trusts only the CA certificate(s) in the PEM file at `path`,
    /// with full verification.
    public static func trusting(caFile path: String) -> SIPTLSConfiguration {
        SIPTLSConfiguration(trustRoots: .custom(.file(path)))
    }

    /// A configuration that presents `certificateChain` and `privateKey`, as a server must
    /// (its client side, if used, keeps the system roots and full verification).
    public static func server(certificateChain: PEM, privateKey: PEM) -> SIPTLSConfiguration {
        SIPTLSConfiguration(certificateChain: certificateChain, privateKey: privateKey)
    }

    /// Whether a certificate chain and private key are set, so that the configuration can listen.
    public var hasIdentity: Bool { certificateChain != nil && privateKey != nil }
}

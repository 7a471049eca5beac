import Foundation
import NIOSSL
import SIPTransport

/// The test CA and certificates of `Fixtures/tls` (see its README; keys for tests only).
enum TLSTestFixtures {
    /// The `Fixtures/tls` folder of the repository.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
        .appendingPathComponent("tls")

    /// The path of a fixture file.
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The test CA certificate.
    static var caFile: String { path("ca.pem") }

    /// A client that trusts only the test CA (full verification).
    static var clientTrustingCA: SIPTLSConfiguration { .trusting(caFile: caFile) }

    /// The server identity for `localhost` / 127.0.0.1 / ::1, signed by the test CA.
    static var server: SIPTLSConfiguration {
        .server(certificateChain: .file(path("server.pem")), privateKey: .file(path("server.key")))
    }

    /// A server identity for `sip.example.org` only (no IP address in the certificate).
    static var otherServer: SIPTLSConfiguration {
        .server(certificateChain: .file(path("other.pem")), privateKey: .file(path("other.key")))
    }

    /// A client that trusts the test CA and presents the `alice` client certificate.
    static var clientWithCertificate: SIPTLSConfiguration {
        SIPTLSConfiguration(trustRoots: .custom(.file(caFile)),
                            certificateChain: .file(path("client.pem")), privateKey: .file(path("client.key")))
    }

    /// A NIOSSL server context with the server identity (for the test WebSocket server).
    static func serverContext() throws -> NIOSSLContext {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(path("server.pem")).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: path("server.key"), format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }
}

import DTLS
import Testing

/// Certificates shared by the tests (generation takes about a millisecond each).
enum TestCertificates {
    static let client = try? DTLSCertificate.generate(commonName: "client")
    static let server = try? DTLSCertificate.generate(commonName: "server")
    static let stranger = try? DTLSCertificate.generate(commonName: "stranger")
}

/// Which datagrams a ``DTLSPair`` loses on the way.
struct DatagramFilter {
    /// Called with the sender's role and the 0-based index of the datagram that side has sent;
    /// true drops it.
    var drop: (DTLSRole, Int) -> Bool = { _, _ in false }
}

/// Two in-process connections with the datagrams shuttled between them, no sockets, no clock.
final class DTLSPair {
    let client: DTLSConnection
    let server: DTLSConnection
    var filter = DatagramFilter()
    /// Every datagram each side sent (before any drop), in order.
    private(set) var sent: [DTLSRole: [[UInt8]]] = [.client: [], .server: []]
    /// Every event each side reported, in order.
    private(set) var events: [DTLSRole: [DTLSEvent]] = [.client: [], .server: []]
    /// The last timeout each side reported.
    private(set) var timeouts: [DTLSRole: Duration?] = [.client: nil, .server: nil]
    /// Datagrams in flight towards each side.
    private var inFlight: [DTLSRole: [[UInt8]]] = [.client: [], .server: []]

    init(clientProfiles: [DTLSSRTPProfile] = [.aeadAES128GCM, .aes128CMSHA1_80],
         serverProfiles: [DTLSSRTPProfile] = [.aeadAES128GCM, .aes128CMSHA1_80],
         clientExpects: [DTLSFingerprint]? = nil, serverExpects: [DTLSFingerprint]? = nil,
         mtu: Int = 1200, retransmission: DTLSRetransmission = .init()) throws {
        let clientCertificate = try #require(TestCertificates.client)
        let serverCertificate = try #require(TestCertificates.server)
        client = try DTLSConnection(role: .client, certificate: clientCertificate,
                                    remoteFingerprints: clientExpects ?? [serverCertificate.fingerprint], mtu: mtu,
                                    profiles: clientProfiles, retransmission: retransmission)
        server = try DTLSConnection(role: .server, certificate: serverCertificate,
                                    remoteFingerprints: serverExpects ?? [clientCertificate.fingerprint], mtu: mtu,
                                    profiles: serverProfiles, retransmission: retransmission)
    }

    func connection(_ role: DTLSRole) -> DTLSConnection { role == .client ? client : server }

    /// Records an output of `role` and queues its datagrams for the other side (minus drops).
    func absorb(_ output: DTLSOutput, from role: DTLSRole) {
        let peer: DTLSRole = role == .client ? .server : .client
        for datagram in output.datagrams {
            let index = sent[role, default: []].count
            sent[role, default: []].append(datagram)
            if !filter.drop(role, index) { inFlight[peer, default: []].append(datagram) }
        }
        events[role, default: []].append(contentsOf: output.events)
        timeouts[role] = output.timeout
    }

    /// Starts both sides.
    func start() {
        absorb(server.start(), from: .server)
        absorb(client.start(), from: .client)
    }

    /// Delivers queued datagrams until none are left (bounded).
    func pump(rounds: Int = 50) {
        for _ in 0..<rounds {
            var delivered = false
            for role in [DTLSRole.server, .client] {
                let queue = inFlight[role, default: []]
                inFlight[role] = []
                for datagram in queue {
                    delivered = true
                    absorb(connection(role).receive(datagram), from: role)
                }
            }
            if !delivered { return }
        }
    }

    /// Fires `role`'s timer once.
    func fireTimer(_ role: DTLSRole) {
        absorb(connection(role).handleTimeout(), from: role)
    }

    /// Starts and pumps until quiet.
    func handshake() {
        start()
        pump()
    }

    func keys(_ role: DTLSRole) -> DTLSSRTPKeyingMaterial? {
        for case .connected(let material) in events[role, default: []] { return material }
        return nil
    }

    func failure(_ role: DTLSRole) -> DTLSError? {
        for case .failed(let error) in events[role, default: []] { return error }
        return nil
    }

    func applicationData(_ role: DTLSRole) -> [[UInt8]] {
        var result: [[UInt8]] = []
        for case .applicationData(let bytes) in events[role, default: []] { result.append(bytes) }
        return result
    }
}


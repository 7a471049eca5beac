import ICE
import Synchronization

/// A user-space "bad network" between our stack and a peer (the kernel here has no netem):
/// the peer is told we live at ``peerFacing`` and we are told the peer lives at ``ourFacing``.
/// Datagrams are passed on between the two sides; RTP (not STUN, DTLS or RTCP: RFC 7983 first
/// byte 128–191 with an RTP payload type) is dropped every `dropEvery`-th packet in each
/// direction and every datagram is delayed by a pseudo-random 0–`maxDelay` ms (so some arrive
/// out of order).
final class ImpairingUDPRelay: Sendable {
    private let towardUs: ICEUDPSocket
    private let towardPeer: ICEUDPSocket
    private let counters: Counters

    /// Where the peer sends (our candidate in the SDP we give the peer).
    var peerFacing: ICETransportAddress { towardPeer.localAddress }
    /// Where we send (the peer's candidate in the SDP we give our agent).
    var ourFacing: ICETransportAddress { towardUs.localAddress }
    /// RTP packets dropped so far, toward us and toward the peer.
    var dropped: (towardUs: Int, towardPeer: Int) { counters.state.withLock { ($0.droppedTowardUs, $0.droppedTowardPeer) } }

    private final class Counters: Sendable {
        struct State {
            var peer: ICETransportAddress?
            var rtpTowardUs = 0, rtpTowardPeer = 0
            var droppedTowardUs = 0, droppedTowardPeer = 0
            var random: UInt64 = 0x5EED
        }
        let state = Mutex(State())
        let socketTowardUs = Mutex<ICEUDPSocket?>(nil)
    }

    private init(towardUs: ICEUDPSocket, towardPeer: ICEUDPSocket, counters: Counters) {
        self.towardUs = towardUs
        self.towardPeer = towardPeer
        self.counters = counters
    }

    static func isRTP(_ bytes: [UInt8]) -> Bool {
        bytes.count > 1 && (128...191).contains(bytes[0]) && !(192...223).contains(bytes[1])
    }

    /// Starts a relay in front of `us` (our agent's host candidate).
    static func start(us: ICETransportAddress, dropEvery: Int, maxDelay: Int) async throws -> ImpairingUDPRelay {
        let counters = Counters()
        // Peer → relay → us.
        let towardPeer = try await ICEUDPSocket.bind(host: "127.0.0.1") { bytes, source, _ in
            let (drop, delay) = counters.state.withLock { state -> (Bool, Int) in
                state.peer = source
                var drop = false
                if isRTP(bytes) {
                    state.rtpTowardUs += 1
                    drop = state.rtpTowardUs % dropEvery == 0
                    if drop { state.droppedTowardUs += 1 }
                }
                state.random = state.random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return (drop, Int(state.random >> 33) % (maxDelay + 1))
            }
            guard !drop else { return }
            Task {
                try? await Task.sleep(for: .milliseconds(delay))
                counters.socketTowardUs.withLock { $0 }?.send(bytes, to: us)
            }
        }
        // Us → relay → peer.
        let towardUs = try await ICEUDPSocket.bind(host: "127.0.0.1") { bytes, _, _ in
            let (peer, drop, delay) = counters.state.withLock { state -> (ICETransportAddress?, Bool, Int) in
                var drop = false
                if isRTP(bytes) {
                    state.rtpTowardPeer += 1
                    drop = state.rtpTowardPeer % dropEvery == 0
                    if drop { state.droppedTowardPeer += 1 }
                }
                state.random = state.random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return (state.peer, drop, Int(state.random >> 33) % (maxDelay + 1))
            }
            guard let peer, !drop else { return }
            Task {
                try? await Task.sleep(for: .milliseconds(delay))
                towardPeer.send(bytes, to: peer)
            }
        }
        counters.socketTowardUs.withLock { $0 = towardUs }
        return ImpairingUDPRelay(towardUs: towardUs, towardPeer: towardPeer, counters: counters)
    }

    func close() async {
        await towardUs.close()
        await towardPeer.close()
    }
}

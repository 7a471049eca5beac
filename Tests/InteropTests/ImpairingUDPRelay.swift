import ICE
import Synchronization

/// A user-space "bad network" between our stack and a peer (the kernel here has no netem):
/// the peer is told we live at ``peerFacing`` and we are told the peer lives at ``ourFacing``.
/// Datagrams are passed on between the two sides, each direction with its own ``Impairment``:
/// RTP (not STUN, DTLS or RTCP: RFC 7983 first byte 128–191 with an RTP payload type) is
/// dropped every `dropEvery`-th packet and every datagram is delayed by a pseudo-random
/// 0–`maxDelay` ms (so some arrive out of order). ``impair(towardUs:towardPeer:)`` changes
/// them while datagrams flow (e.g. the network recovers mid-call).
final class ImpairingUDPRelay: Sendable {
    /// What happens to the datagrams of one direction.
    struct Impairment: Sendable, Hashable, CustomStringConvertible {
        /// Every `dropEvery`-th RTP packet is dropped (0: none).
        var dropEvery: Int
        /// Each datagram waits a pseudo-random 0…`maxDelay` ms (0: passed on at once, in order).
        var maxDelay: Int

        /// Passed on untouched.
        static let none = Impairment(dropEvery: 0, maxDelay: 0)

        var description: String {
            (dropEvery > 0 ? "drop 1/\(dropEvery)" : "no drops") + (maxDelay > 0 ? ", delay 0–\(maxDelay) ms" : ", no delay")
        }
    }

    private let towardUs: ICEUDPSocket
    private let towardPeer: ICEUDPSocket
    private let counters: Counters

    /// Where the peer sends (our candidate in the SDP we give the peer).
    var peerFacing: ICETransportAddress { towardPeer.localAddress }
    /// Where we send (the peer's candidate in the SDP we give our agent).
    var ourFacing: ICETransportAddress { towardUs.localAddress }
    /// RTP packets dropped so far, toward us and toward the peer.
    var dropped: (towardUs: Int, towardPeer: Int) { counters.state.withLock { ($0.droppedTowardUs, $0.droppedTowardPeer) } }
    /// RTP packets seen so far, toward us and toward the peer.
    var rtpSeen: (towardUs: Int, towardPeer: Int) { counters.state.withLock { ($0.rtpTowardUs, $0.rtpTowardPeer) } }

    private final class Counters: Sendable {
        struct State {
            var peer: ICETransportAddress?
            var towardUs: Impairment
            var towardPeer: Impairment
            var rtpTowardUs = 0, rtpTowardPeer = 0
            var droppedTowardUs = 0, droppedTowardPeer = 0
            var random: UInt64 = 0x5EED

            /// Counts `bytes` if it is RTP and decides its fate under the impairment of its
            /// direction: whether to drop it and how long to hold it (nil: pass it on at once).
            mutating func fate(_ bytes: [UInt8], towardUs: Bool) -> (drop: Bool, delay: Int?) {
                let impairment = towardUs ? self.towardUs : towardPeer
                var drop = false
                if ImpairingUDPRelay.isRTP(bytes) {
                    let count: Int
                    if towardUs {
                        rtpTowardUs += 1
                        count = rtpTowardUs
                    } else {
                        rtpTowardPeer += 1
                        count = rtpTowardPeer
                    }
                    drop = impairment.dropEvery > 0 && count % impairment.dropEvery == 0
                    if drop, towardUs { droppedTowardUs += 1 }
                    if drop, !towardUs { droppedTowardPeer += 1 }
                }
                random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                guard impairment.maxDelay > 0 else { return (drop, nil) }
                return (drop, Int(random >> 33) % (impairment.maxDelay + 1))
            }
        }
        let state: Mutex<State>
        let socketTowardUs = Mutex<ICEUDPSocket?>(nil)

        init(towardUs: Impairment, towardPeer: Impairment) {
            state = Mutex(State(towardUs: towardUs, towardPeer: towardPeer))
        }
    }

    private init(towardUs: ICEUDPSocket, towardPeer: ICEUDPSocket, counters: Counters) {
        self.towardUs = towardUs
        self.towardPeer = towardPeer
        self.counters = counters
    }

    static func isRTP(_ bytes: [UInt8]) -> Bool {
        bytes.count > 1 && (128...191).contains(bytes[0]) && !(192...223).contains(bytes[1])
    }

    /// Starts a relay in front of `us` (our agent's host candidate), impairing both directions
    /// alike.
    static func start(us: ICETransportAddress, dropEvery: Int, maxDelay: Int) async throws -> ImpairingUDPRelay {
        let impairment = Impairment(dropEvery: dropEvery, maxDelay: maxDelay)
        return try await start(us: us, towardUs: impairment, towardPeer: impairment)
    }

    /// Starts a relay in front of `us` (our agent's host candidate) with an impairment per
    /// direction.
    static func start(us: ICETransportAddress, towardUs usImpairment: Impairment,
                      towardPeer peerImpairment: Impairment) async throws -> ImpairingUDPRelay {
        let counters = Counters(towardUs: usImpairment, towardPeer: peerImpairment)
        // Peer → relay → us.
        let towardPeer = try await ICEUDPSocket.bind(host: "127.0.0.1") { bytes, source, _ in
            let (drop, delay) = counters.state.withLock { state in
                state.peer = source
                return state.fate(bytes, towardUs: true)
            }
            guard !drop else { return }
            guard let delay else {
                counters.socketTowardUs.withLock { $0 }?.send(bytes, to: us)
                return
            }
            Task {
                try? await Task.sleep(for: .milliseconds(delay))
                counters.socketTowardUs.withLock { $0 }?.send(bytes, to: us)
            }
        }
        // Us → relay → peer.
        let towardUs = try await ICEUDPSocket.bind(host: "127.0.0.1") { bytes, _, _ in
            let (peer, drop, delay) = counters.state.withLock { state -> (ICETransportAddress?, Bool, Int?) in
                let (drop, delay) = state.fate(bytes, towardUs: false)
                return (state.peer, drop, delay)
            }
            guard let peer, !drop else { return }
            guard let delay else {
                towardPeer.send(bytes, to: peer)
                return
            }
            Task {
                try? await Task.sleep(for: .milliseconds(delay))
                towardPeer.send(bytes, to: peer)
            }
        }
        counters.socketTowardUs.withLock { $0 = towardUs }
        return ImpairingUDPRelay(towardUs: towardUs, towardPeer: towardPeer, counters: counters)
    }

    /// Changes what happens to the datagrams from now on (those already held keep their delay).
    func impair(towardUs: Impairment, towardPeer: Impairment) {
        counters.state.withLock { state in
            state.towardUs = towardUs
            state.towardPeer = towardPeer
        }
    }

    /// The current impairments.
    var impairments: (towardUs: Impairment, towardPeer: Impairment) {
        counters.state.withLock { ($0.towardUs, $0.towardPeer) }
    }

    func close() async {
        await towardUs.close()
        await towardPeer.close()
    }
}

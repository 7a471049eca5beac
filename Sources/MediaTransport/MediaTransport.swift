#if canImport(Glibc)
import Glibc
#endif
import AudioPipeline
import DTLS
import ICE
import NIOCore
import StackCore

/// One call's media on the network: taps the call's ICE sockets and runs a ``MediaEngine`` on
/// their event loop — DTLS on the selected pair, SRTP, RTP out of and into the audio chains,
/// RTCP every ~5 s — with the 20 ms send and playout ticks on the same loop (fixed-rate
/// deadlines, so no drift). Control calls (start, DTMF, mute, statistics, close) hop onto the
/// loop; events come out on ``events``.
///
/// Per packet: no actor hop, no lock beyond the socket's tap slot, no allocation except the
/// NIO buffer an outgoing datagram is written into.
public final class MediaTransport: Sendable {
    /// Engine events in order; finishes after ``close()``.
    public let events: AsyncStream<MediaEngineEvent>
    private let sink: AsyncStream<MediaEngineEvent>.Continuation
    /// The event loop the engine lives on (the ICE agent's).
    public let eventLoop: any EventLoop
    private let state: NIOLoopBound<LoopState>
    private let sockets: [ICETransportAddress: ICEUDPSocket]

    /// What lives on the loop.
    final class LoopState {
        let engine: MediaEngine
        let sender = MediaSocketSender()
        var tick: Scheduled<Void>?
        var dtlsTimer: Scheduled<Void>?
        var nextTick: NIODeadline = .now()
        var ticks = 0
        var nextRTCP = 50
        var closed = false

        init(engine: MediaEngine) {
            self.engine = engine
        }
    }

    /// Makes the engine on the agent's event loop and taps the agent's sockets. `makeSource`
    /// and `makeSink` run on the loop (sources and sinks are not Sendable).
    public init(agent: ICEAgent, configuration: MediaEngine.Configuration,
                makeSource: @escaping @Sendable () throws -> any AudioFrameSource,
                makeSink: @escaping @Sendable () throws -> any AudioFrameSink) async throws(MediaTransportError) {
        let loop = agent.eventLoop
        eventLoop = loop
        (events, sink) = AsyncStream.makeStream(of: MediaEngineEvent.self)
        sockets = await agent.mediaSockets
        let continuation = sink
        let made: Result<NIOLoopBound<LoopState>, MediaTransportError>
        do {
            made = try await loop.submit { () -> Result<NIOLoopBound<LoopState>, MediaTransportError> in
                let source: any AudioFrameSource
                let sink: any AudioFrameSink
                do {
                    source = try makeSource()
                    sink = try makeSink()
                } catch {
                    return .failure(.invalidParameters("audio: \(error)"))
                }
                do throws(MediaTransportError) {
                    let engine = try MediaEngine(configuration: configuration, source: source, sink: sink)
                    let local = LoopState(engine: engine)
                    Self.wire(local, loop: loop, events: continuation)
                    return .success(NIOLoopBound(local, eventLoop: loop))
                } catch {
                    return .failure(error)
                }
            }.get()
        } catch {
            throw .invalidParameters("event loop: \(error)")
        }
        state = try made.get()
        let state = self.state
        for socket in sockets.values {
            socket.setMediaTap { datagram, source in
                let local = state.value
                local.sender.learn(socket: socket, source: source)
                local.engine.receive(datagram, arrival: NIODeadline.now().uptimeNanoseconds)
            }
        }
    }

    /// On the loop: the engine sends through the loop's sender, reports on `events`, and has its
    /// DTLS retransmission timer armed as a loop task.
    private static func wire(_ local: LoopState, loop: any EventLoop,
                             events: AsyncStream<MediaEngineEvent>.Continuation) {
        local.engine.sender = local.sender
        local.engine.onEvent = { events.yield($0) }
        local.engine.onDTLSTimer = { duration in
            local.dtlsTimer?.cancel()
            local.dtlsTimer = nil
            guard let duration else { return }
            local.dtlsTimer = loop.assumeIsolated().scheduleTask(in: .nanoseconds(duration.saturatingNanoseconds)) {
                local.dtlsTimer = nil
                local.engine.handleDTLSTimeout()
            }
        }
    }

    /// The NTP time at monotonic instant 0 on this machine (wall clock − `CLOCK_MONOTONIC`).
    public static func ntpAtMonotonicZero() -> Duration {
        var wall = timespec()
        clock_gettime(CLOCK_REALTIME, &wall)
        let monotonic = NIODeadline.now().uptimeNanoseconds
        let wallNanoseconds = Int64(wall.tv_sec) * 1_000_000_000 + Int64(wall.tv_nsec)
        return .seconds(2_208_988_800) + .nanoseconds(wallNanoseconds - Int64(monotonic))
    }

    /// ICE selected a pair: media goes over it; DTLS starts and the ticks begin.
    public func selected(_ pair: ICECandidatePair) {
        start(from: pair.local.base, to: pair.remote.address)
    }

    /// Starts media without ICE (a peer whose SDP has no ICE): from our socket on `base` (the
    /// first one when nil) to the address and port in the peer's `c=`/`m=` lines.
    public func start(from base: ICETransportAddress? = nil, to destination: ICETransportAddress) {
        guard let socket = base.flatMap({ sockets[$0] }) ?? sockets.values.first,
              let remote = try? SocketAddress(ipAddress: destination.host, port: destination.port)
        else { return }
        let state = self.state
        eventLoop.execute {
            let local = state.value
            guard !local.closed else { return }
            local.sender.select(socket: socket, remote: remote)
            local.engine.start()
            Self.startTicks(local, loop: socket.eventLoop)
        }
    }

    private static func startTicks(_ local: LoopState, loop: any EventLoop) {
        guard local.tick == nil else { return }
        local.nextTick = .now() + .milliseconds(20)
        scheduleTick(local, loop: loop)
    }

    private static func scheduleTick(_ local: LoopState, loop: any EventLoop) {
        local.tick = loop.assumeIsolated().scheduleTask(deadline: local.nextTick) {
            guard !local.closed else { return }
            local.engine.sendTick()
            local.engine.playoutTick()
            local.ticks += 1
            if local.ticks >= local.nextRTCP {
                local.engine.rtcpTick(now: NIODeadline.now().uptimeNanoseconds)
                // RFC 3550 §6.3.1: 5 s × a random 0.5–1.5 (250 ticks ± 125); the first after 1 s.
                local.nextRTCP = local.ticks + Int.random(in: 125...375)
            }
            local.nextTick = local.nextTick + .milliseconds(20)
            let now = NIODeadline.now()
            if local.nextTick < now - .milliseconds(200) {
                // Far behind (the machine stalled): skip ahead instead of bursting.
                local.nextTick = now + .milliseconds(20)
            }
            scheduleTick(local, loop: loop)
        }
    }

    /// ICE failed or consent expired (RFC 7675 §5.1: stop sending at once): the engine keeps
    /// no path, so nothing more is sent, and ``events`` reports `.failed(.iceFailed)`.
    public func pathLost() {
        let state = self.state
        let events = sink
        eventLoop.execute {
            let local = state.value
            guard !local.closed, local.engine.sender != nil else { return }
            local.engine.sender = nil
            events.yield(.failed(.iceFailed))
        }
    }

    /// Queues DTMF digits as RFC 4733 events; false when telephone-event was not negotiated.
    public func sendDTMF(_ digits: String) async -> Bool {
        let state = self.state
        return (try? await eventLoop.submit { state.value.engine.sendDTMF(digits) }.get()) ?? false
    }

    /// Mutes or unmutes what we send (silence is encoded while muted).
    public func setMuted(_ muted: Bool) {
        let state = self.state
        eventLoop.execute { state.value.engine.sendChain.isMuted = muted }
    }

    /// The current statistics.
    public func statistics() async -> MediaStatisticsSnapshot? {
        let state = self.state
        return try? await eventLoop.submit { state.value.engine.snapshot() }.get()
    }

    /// Stops the media: close_notify, ticks cancelled, taps removed, the sink closed.
    public func close() async {
        for socket in sockets.values { socket.setMediaTap(nil) }
        let state = self.state
        try? await eventLoop.submit {
            let local = state.value
            guard !local.closed else { return }
            local.closed = true
            local.engine.close()
            local.tick?.cancel()
            local.dtlsTimer?.cancel()
            try? local.engine.receiveChain.sink.close()
        }.get()
        sink.finish()
    }
}

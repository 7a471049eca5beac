import NIOCore
import NIOPosix

/// Runs `sip-conform load`: the caller on one UDP socket and event loop thread and, with
/// ``LoadCalleeMode/answerer(port:password:)`` or ``LoadCalleeMode/direct``, the built-in
/// answerer on another.
public enum LoadRunner {
    /// Runs the load described by `configuration` to its end and returns the report.
    ///
    /// `progress` is called on the caller's event loop about four times a second. Throws
    /// ``LoadError`` for bad options, sockets that cannot be opened, a target that never answers
    /// (the OPTIONS probe without an answerer, the answerer's REGISTER with one) and a refused
    /// answerer registration.
    public static func run(_ configuration: LoadConfiguration,
                           progress: (@Sendable (LoadProgress) -> Void)? = nil) async throws -> LoadReport {
        try configuration.validate()
        let targetAddress: SocketAddress
        do {
            targetAddress = try SocketAddress.makeAddressResolvingHost(configuration.target.host, port: configuration.target.port)
        } catch {
            throw LoadError.unreachable("cannot resolve \(configuration.target.host): \(error)")
        }

        var answerer: LoadAnswerer?
        var callTarget = targetAddress
        switch configuration.calleeMode {
        case .external:
            break
        case .answerer(let port, let password):
            let started = try await LoadAnswerer.start(callee: configuration.callee, password: password,
                                                       host: configuration.localHost, port: port,
                                                       t1: configuration.t1, registrationTimeout: configuration.probeTimeout)
            answerer = started
            do {
                try await started.register(at: configuration.target)
            } catch {
                await started.stop()
                throw error
            }
        case .direct:
            let started = try await LoadAnswerer.start(callee: configuration.callee, password: nil,
                                                       host: configuration.target.host, port: configuration.target.port,
                                                       t1: configuration.t1, registrationTimeout: configuration.probeTimeout)
            answerer = started
            callTarget = started.channel.localAddress ?? targetAddress
        }

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let report = try await runCaller(configuration, group: group, target: callTarget,
                                             probe: configuration.calleeMode == .external, progress: progress)
            try? await group.shutdownGracefully()
            if let answerer { await answerer.stop() }
            return report
        } catch {
            try? await group.shutdownGracefully()
            if let answerer { await answerer.stop() }
            throw error
        }
    }

    static func bootstrap(_ loop: any EventLoop) -> DatagramBootstrap {
        DatagramBootstrap(group: loop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.so_rcvbuf), value: 8 << 20)
            .channelOption(.socketOption(.so_sndbuf), value: 8 << 20)
            // recvmmsg: the receive buffer is split evenly among the messages, 4 KiB each.
            .channelOption(.datagramVectorReadMessageCount, value: 16)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 16 * 4096))
            .channelOption(.maxMessagesPerRead, value: 8)
    }

    private static func runCaller(_ configuration: LoadConfiguration, group: MultiThreadedEventLoopGroup,
                                  target: SocketAddress, probe: Bool,
                                  progress: (@Sendable (LoadProgress) -> Void)?) async throws -> LoadReport {
        let loop = group.next()
        let promise = loop.makePromise(of: LoadReport.self)
        let channel: any Channel
        do {
            channel = try await bootstrap(loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(LoadCallerHandler(
                            configuration: configuration, targetAddress: target, promise: promise,
                            probe: probe, progress: progress))
                    }
                }
                .bind(host: configuration.localHost, port: 0).get()
        } catch {
            promise.fail(error)
            throw LoadError.socket("cannot bind \(configuration.localHost): \(error)")
        }
        let task = try await loop.submit {
            let handler = try channel.pipeline.syncOperations.handler(type: LoadCallerHandler.self)
            let bound = NIOLoopBound(handler, eventLoop: loop)
            if let local = channel.localAddress { handler.begin(localAddress: local) }
            return loop.scheduleRepeatedTask(initialDelay: .milliseconds(1), delay: .milliseconds(1)) { _ in
                bound.value.tick()
            }
        }.get()
        defer { task.cancel() }
        let report: LoadReport
        do {
            report = try await promise.futureResult.get()
        } catch {
            try? await channel.close()
            throw error
        }
        try? await channel.close()
        return report
    }
}

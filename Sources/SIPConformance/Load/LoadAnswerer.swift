import NIOCore
import NIOPosix
import SIPCore
import SIPUserAgent
import StackCore

/// The built-in callee of a load run: a UAS on its own UDP socket and event loop that
/// REGISTERs as the callee at the target (unless calls come straight to it) and answers INVITE
/// with 200 and an SDP answer (retransmitted on Timer G until the ACK, RFC 3261 §13.3.1.4),
/// BYE and CANCEL with 200, OPTIONS with 200, anything else with 501.
final class LoadAnswererHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    struct Pending {
        var response: ByteBuffer
        var remote: SocketAddress
        var serial: UInt32
        var callID: [UInt8]
        var firstSent: Int64
    }

    private let callee: String
    private let password: String?
    private let t1: Int64
    private let registrationTimeout: Int64
    private var context: ChannelHandlerContext?
    private var local = ""
    private var sdp: [UInt8] = []
    private let run = LoadCallerHandler.runToken()
    private let authenticator = SIPDigestAuthenticator()

    // 2xx retransmission until the ACK.
    private var pendingByCallID: [[UInt8]: Int32] = [:]
    private var pending: [Pending?] = []
    private var freePending: [Int32] = []
    private var serial: UInt32 = 0
    private var queues: [LoadTimerQueue]

    // Registration at the target.
    private var registrar: SocketAddress?
    private var registrationPromise: EventLoopPromise<Void>?
    private var registerCSeq = 0
    private var registerSent = 0
    private var registerStart: Int64 = 0
    private var registerRequest: ByteBuffer?
    private var authTried = false
    private var expires = 3600
    /// Whether a REGISTER of this run got a 2xx (and `unregister` has something to remove).
    private(set) var registered = false
    private var targetHostPort = ""

    /// Counters (read on the event loop at the end).
    private(set) var invites = 0
    private(set) var byes = 0

    init(callee: String, password: String?, t1: Duration, registrationTimeout: Duration) {
        self.callee = callee
        self.password = password
        self.t1 = t1.saturatingNanoseconds
        self.registrationTimeout = registrationTimeout.saturatingNanoseconds
        queues = (0..<4).map { LoadTimerQueue(interval: t1.saturatingNanoseconds << $0) }
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {}

    /// Renders the constant parts once the port is known.
    func begin(host: String, port: Int) {
        let shown = host.contains(":") ? "[\(host)]" : host
        local = "\(shown):\(port)"
        sdp = LoadSDP.offer(host: host, session: run)
    }

    // MARK: - Registration

    /// Sends REGISTER for `sip:<callee>@<target>` with this socket as the contact; the promise
    /// succeeds on a 2xx, fails on a refusal or when nothing answers within the timeout.
    func register(at target: SocketAddress, targetHostPort: String, promise: EventLoopPromise<Void>) {
        registrar = target
        self.targetHostPort = targetHostPort
        expires = 3600
        authTried = false
        registrationPromise = promise
        registerStart = LoadCallerHandler.now()
        sendRegister(authorization: [])
    }

    /// Removes the binding ``register(at:targetHostPort:promise:)`` made (Expires: 0), so that
    /// the registrar does not fork later calls to a closed port; succeeds at once when nothing
    /// was registered.
    func unregister(promise: EventLoopPromise<Void>) {
        guard registered, registrar != nil else {
            promise.succeed(())
            return
        }
        expires = 0
        authTried = false
        registrationPromise = promise
        registerStart = LoadCallerHandler.now()
        sendRegister(authorization: [])
    }

    private func sendRegister(authorization: [(String, String)]) {
        guard let context, registrar != nil else { return }
        registerCSeq += 1
        var buffer = context.channel.allocator.buffer(capacity: 900)
        buffer.writeString("REGISTER sip:\(targetHostPort) SIP/2.0\r\n")
        buffer.writeHeader("Via", "SIP/2.0/UDP \(local);rport;branch=z9hG4bK\(run).reg\(registerCSeq)")
        buffer.writeHeader("Max-Forwards", "70")
        buffer.writeHeader("From", "<sip:\(callee)@\(targetHostPort)>;tag=\(run)")
        buffer.writeHeader("To", "<sip:\(callee)@\(targetHostPort)>")
        buffer.writeHeader("Call-ID", "answerer.\(run)")
        buffer.writeHeader("CSeq", "\(registerCSeq) REGISTER")
        buffer.writeHeader("Contact", "<sip:\(callee)@\(local)>")
        buffer.writeHeader("Expires", String(expires))
        for (name, value) in authorization { buffer.writeString("\(name): \(value)\r\n") }
        buffer.writeStaticString("User-Agent: sip-conform answerer\r\nContent-Length: 0\r\n\r\n")
        registerRequest = buffer
        registerSent = 0
        transmitRegister()
    }

    private func transmitRegister() {
        guard let context, let registrar, let registerRequest else { return }
        registerSent += 1
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: registrar, data: registerRequest)), promise: nil)
        let attempt = registerSent, cseq = registerCSeq
        let delay = TimeAmount.nanoseconds(min(t1 << min(attempt - 1, 3), 4_000_000_000))
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: delay) {
            bound.value.registerTimer(attempt: attempt, cseq: cseq)
        }
    }

    private func registerTimer(attempt: Int, cseq: Int) {
        guard registrationPromise != nil, attempt == registerSent, cseq == registerCSeq else { return }
        if LoadCallerHandler.now() - registerStart >= registrationTimeout {
            failRegistration(LoadError.unreachable("no answer to the answerer's REGISTER"))
            return
        }
        transmitRegister()
    }

    private func failRegistration(_ error: LoadError) {
        let promise = registrationPromise
        registrationPromise = nil
        registerRequest = nil
        promise?.fail(error)
    }

    private func registerResponse(_ message: SIPMessage, status: Int) {
        guard registrationPromise != nil, let cseq = message.rawFirstValue(.cseq).flatMap(LoadBytes.cseq),
              cseq.number == registerCSeq, status >= 200 else { return }
        if status < 300 {
            let promise = registrationPromise
            registrationPromise = nil
            registerRequest = nil
            registered = expires > 0
            promise?.succeed(())
            return
        }
        if status == 401 || status == 407, let password, !authTried,
           let challenges = try? SIPDigestChallenge.select(from: message) {
            authTried = true
            var lines: [(String, String)] = []
            for challenge in challenges {
                guard let answer = try? authenticator.authorize(
                    challenge, credentials: SIPDigestCredentials(username: callee, password: password),
                    method: .register, uri: "sip:\(targetHostPort)") else { continue }
                lines.append((answer.headerName, answer.headerValue))
            }
            if !lines.isEmpty {
                sendRegister(authorization: lines)
                return
            }
        }
        failRegistration(.registrationRefused(status, message.reasonPhrase ?? ""))
    }

    // MARK: - Requests

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        var buffer = envelope.data
        guard let bytes = buffer.readBytes(length: buffer.readableBytes),
              let message = try? SIPMessage(parsing: bytes) else { return }
        guard message.isRequest else {
            if let status = message.statusCode { registerResponse(message, status: status) }
            return
        }
        guard let method = message.rawMethod, let callID = message.rawFirstValue(.callID) else { return }
        let remote = envelope.remoteAddress
        if method.elementsEqual("INVITE".utf8) {
            invites += 1
            invite(message, callID: callID, remote: remote)
        } else if method.elementsEqual("ACK".utf8) {
            acknowledged(callID)
        } else if method.elementsEqual("BYE".utf8) {
            byes += 1
            acknowledged(callID)
            respond(to: message, status: "200 OK", remote: remote, tag: nil, withBody: false)
        } else if method.elementsEqual("CANCEL".utf8) || method.elementsEqual("OPTIONS".utf8) {
            respond(to: message, status: "200 OK", remote: remote, tag: nil, withBody: false)
        } else {
            respond(to: message, status: "501 Not Implemented", remote: remote, tag: nil, withBody: false)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    private func invite(_ message: SIPMessage, callID: ArraySlice<UInt8>, remote: SocketAddress) {
        let key = Array(callID)
        if let index = pendingByCallID[key], let entry = pending[Int(index)] {
            context?.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: entry.remote, data: entry.response)), promise: nil)
            return
        }
        guard let response = respond(to: message, status: "200 OK", remote: remote, tag: LoadBytes.hexHash(callID), withBody: true)
        else { return }
        let index: Int32
        if let free = freePending.popLast() {
            index = free
        } else {
            index = Int32(pending.count)
            pending.append(nil)
        }
        serial &+= 1
        let now = LoadCallerHandler.now()
        pending[Int(index)] = Pending(response: response, remote: remote, serial: serial, callID: key, firstSent: now)
        pendingByCallID[key] = index
        queues[0].push(now: now, slot: index, serial: serial)
    }

    private func acknowledged(_ callID: ArraySlice<UInt8>) {
        guard let index = pendingByCallID.removeValue(forKey: Array(callID)) else { return }
        pending[Int(index)] = nil
        freePending.append(index)
    }

    /// Retransmits unacknowledged 2xx (Timer G: T1 doubling to T2) and drops them after 64·T1
    /// (Timer H).
    func tick() {
        guard let context else { return }
        let now = LoadCallerHandler.now()
        var wrote = false
        for level in queues.indices {
            while let entry = queues[level].popDue(now: now) {
                guard let item = pending[Int(entry.slot)], item.serial == entry.serial else { continue }
                if now - item.firstSent >= 64 * t1 {
                    pendingByCallID[item.callID] = nil
                    pending[Int(entry.slot)] = nil
                    freePending.append(entry.slot)
                    continue
                }
                context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: item.remote, data: item.response)), promise: nil)
                wrote = true
                queues[min(level + 1, queues.count - 1)].push(now: now, slot: entry.slot, serial: entry.serial)
            }
        }
        if wrote { context.flush() }
    }

    /// Writes a response copying Via, Record-Route (for 2xx to INVITE), From, To (with `tag`
    /// added when it has none), Call-ID and CSeq (RFC 3261 §8.2.6.2, §12.1.1).
    @discardableResult
    private func respond(to request: SIPMessage, status: StaticString, remote: SocketAddress, tag: String?,
                         withBody: Bool) -> ByteBuffer? {
        guard let context, let from = request.rawFirstValue(.from), let to = request.rawFirstValue(.to),
              let callID = request.rawFirstValue(.callID), let cseq = request.rawFirstValue(.cseq) else { return nil }
        var buffer = context.channel.allocator.buffer(capacity: 1024)
        buffer.writeStaticString("SIP/2.0 ")
        buffer.writeStaticString(status)
        buffer.writeStaticString("\r\n")
        for via in request.values(.via) { buffer.writeHeader("Via", via) }
        if withBody {
            for route in request.values(.recordRoute) { buffer.writeHeader("Record-Route", route) }
        }
        buffer.writeHeader("From", from)
        buffer.writeStaticString("To: ")
        buffer.writeBytes(to)
        if let tag, !LoadBytes.hasTag(to) {
            buffer.writeStaticString(";tag=")
            buffer.writeString(tag)
        }
        buffer.writeStaticString("\r\n")
        buffer.writeHeader("Call-ID", callID)
        buffer.writeHeader("CSeq", cseq)
        if withBody {
            buffer.writeStaticString("Contact: <sip:")
            buffer.writeString(callee)
            buffer.writeStaticString("@")
            buffer.writeString(local)
            buffer.writeStaticString(">\r\nContent-Type: application/sdp\r\n")
        } else if request.rawMethod?.elementsEqual("OPTIONS".utf8) == true {
            buffer.writeStaticString("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\nAccept: application/sdp\r\n")
        }
        buffer.writeStaticString("Server: sip-conform answerer\r\nContent-Length: ")
        buffer.writeDecimal(withBody ? sdp.count : 0)
        buffer.writeStaticString("\r\n\r\n")
        if withBody { buffer.writeBytes(sdp) }
        context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: remote, data: buffer)), promise: nil)
        return buffer
    }
}

/// The built-in answering UAS on its own UDP socket and event-loop thread (what `--answer`
/// starts): answers INVITE with 200 and SDP, ACK, BYE, CANCEL and OPTIONS, and can REGISTER as
/// its callee at a registrar so that a proxy routes calls to it. Usable alone, e.g. as the
/// callee of another load generator.
public final class LoadAnswerer: Sendable {
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel
    private let task: RepeatedTask
    private let callee: String

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel, task: RepeatedTask, callee: String) {
        self.group = group
        self.channel = channel
        self.task = task
        self.callee = callee
    }

    /// The bound UDP port.
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// Binds `host:port` (port 0: any free port) and starts answering. `password` answers a
    /// challenge to ``register(at:)``; `registrationTimeout` bounds it.
    public static func start(callee: String, password: String?, host: String, port: Int,
                             t1: Duration = .milliseconds(500),
                             registrationTimeout: Duration = .seconds(3)) async throws -> LoadAnswerer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let channel: any Channel
        do {
            channel = try await LoadRunner.bootstrap(loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(LoadAnswererHandler(
                            callee: callee, password: password, t1: t1, registrationTimeout: registrationTimeout))
                    }
                }
                .bind(host: host, port: port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw LoadError.socket("the answerer cannot bind \(host):\(port): \(error)")
        }
        let shownHost = host == "0.0.0.0" ? "127.0.0.1" : (host == "::" ? "::1" : host)
        do {
            let task = try await loop.submit {
                let handler = try channel.pipeline.syncOperations.handler(type: LoadAnswererHandler.self)
                let bound = NIOLoopBound(handler, eventLoop: loop)
                handler.begin(host: shownHost, port: channel.localAddress?.port ?? port)
                return loop.scheduleRepeatedTask(initialDelay: .milliseconds(5), delay: .milliseconds(5)) { _ in
                    bound.value.tick()
                }
            }.get()
            return LoadAnswerer(group: group, channel: channel, task: task, callee: callee)
        } catch {
            try? await channel.close()
            try? await group.shutdownGracefully()
            throw LoadError.socket("the answerer did not start: \(error)")
        }
    }

    /// REGISTERs `sip:<callee>@<target>` with this socket as the contact (Expires 3600) and
    /// waits for the 2xx; throws ``LoadError/unreachable(_:)`` or
    /// ``LoadError/registrationRefused(_:_:)``.
    public func register(at target: LoadTarget) async throws {
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(target.host, port: target.port)
        } catch {
            throw LoadError.unreachable("cannot resolve \(target.host): \(error)")
        }
        let loop = channel.eventLoop
        let promise = loop.makePromise(of: Void.self)
        let hostPort = target.hostPort, channel = self.channel
        try await loop.submit {
            let handler = try channel.pipeline.syncOperations.handler(type: LoadAnswererHandler.self)
            handler.register(at: address, targetHostPort: hostPort, promise: promise)
        }.get()
        try await promise.futureResult.get()
    }

    /// Removes the registration (if any; waits up to the registration timeout), closes the
    /// socket and stops the event-loop thread.
    public func stop() async {
        let loop = channel.eventLoop, channel = self.channel
        let promise = loop.makePromise(of: Void.self)
        let submitted = loop.submit {
            let handler = try channel.pipeline.syncOperations.handler(type: LoadAnswererHandler.self)
            handler.unregister(promise: promise)
        }
        do {
            try await submitted.get()
            try? await promise.futureResult.get()
        } catch {
            promise.fail(error)
        }
        task.cancel()
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

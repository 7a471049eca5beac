import NIOCore
import NIOPosix
import SIPCore
import SIPUserAgent
import StackCore

/// A snapshot of a running load, handed to the progress callback about four times a second.
public struct LoadProgress: Sendable {
    /// Since the first call was due.
    public var elapsed: Duration
    /// Calls started.
    public var started: Int
    /// Calls ended.
    public var completed: Int
    /// Calls that succeeded.
    public var succeeded: Int
    /// Calls that failed.
    public var failed: Int
    /// Calls open now.
    public var open: Int
    /// Retransmissions so far.
    public var retransmissions: Int
    /// Calls in all.
    public var total: Int

    /// One progress line (no line ending).
    public var line: String {
        let seconds = elapsed.inSeconds
        let rate = seconds > 0 ? Double(completed) / seconds : 0
        return "\(LoadReport.format(seconds)) s  started \(started)/\(total)  done \(completed)  ok \(succeeded)  "
            + "failed \(failed)  open \(open)  \(LoadReport.format(rate)) calls/s  retrans \(retransmissions)"
    }
}

/// The calling side of a load run: one UDP channel on one event loop, every call's state in a
/// slot table indexed by the Call-ID it wrote, timers in FIFO queues, writes flushed once per
/// tick or per read burst.
final class LoadCallerHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    enum Phase: UInt8 {
        case free, inviting, holding, byeing, registering
    }

    struct Slot {
        var generation: UInt32 = 0
        var serial: UInt32 = 0
        var phase: Phase = .free
        var retransmitting = false
        var authTried = false
        var cseq = 1
        var callStart: Int64 = 0
        var transactionStart: Int64 = 0
        var request: ByteBuffer?
        var ack: ByteBuffer?
        var bye: ByteBuffer?
    }

    private let configuration: LoadConfiguration
    private let targetAddress: SocketAddress
    private let promise: EventLoopPromise<LoadReport>
    private let progress: (@Sendable (LoadProgress) -> Void)?
    private let probe: Bool
    private let authenticator = SIPDigestAuthenticator()
    private var context: ChannelHandlerContext?

    // Run constants (rendered once).
    private let run: String
    private var local = ""
    private var requestURI = ""
    private var fromValue = ""
    private var toValue = ""
    private var contactValue = ""
    private var viaPrefix = ""
    private var sdp: [UInt8] = []

    // State.
    private var slots: [Slot] = []
    private var freeSlots: [Int32] = []
    private var pacer: LoadPacer?
    private var clockOrigin: Int64 = 0
    private var open = 0
    private var completed = 0
    private var succeeded = 0
    private var failures: [String: Int] = [:]
    private var retransmissions = 0
    private var stray = 0
    private var firstStart: Int64 = -1
    private var lastStart: Int64 = 0
    private var lastEnd: Int64 = 0
    private var setupTimes: LoadLatencySamples
    private var byeTimes: LoadLatencySamples
    private var retransmitQueues: [LoadTimerQueue]
    private var timeoutQueue: LoadTimerQueue
    private var holdQueue: LoadTimerQueue
    private var probeSent = 0
    private var probeDeadline: Int64 = 0
    private var nextProgress: Int64 = 0
    private var finished = false
    private var pendingFlush = false

    init(configuration: LoadConfiguration, targetAddress: SocketAddress, promise: EventLoopPromise<LoadReport>,
         probe: Bool, progress: (@Sendable (LoadProgress) -> Void)?) {
        self.configuration = configuration
        self.targetAddress = targetAddress
        self.promise = promise
        self.probe = probe
        self.progress = progress
        self.run = LoadCallerHandler.runToken()
        let t1 = configuration.t1.saturatingNanoseconds
        retransmitQueues = (0..<6).map { LoadTimerQueue(interval: t1 << $0) }
        timeoutQueue = LoadTimerQueue(interval: configuration.timeout.saturatingNanoseconds)
        holdQueue = LoadTimerQueue(interval: configuration.hold.saturatingNanoseconds)
        let capacity = min(configuration.calls, 1 << 22)
        setupTimes = LoadLatencySamples(capacity: capacity)
        byeTimes = LoadLatencySamples(capacity: configuration.scenario == .call ? capacity : 0)
    }

    static func runToken() -> String {
        String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }

    static func now() -> Int64 { Int64(truncatingIfNeeded: NIODeadline.now().uptimeNanoseconds) }

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Renders the constant parts once the local port is known, then probes or starts.
    func begin(localAddress: SocketAddress) {
        let host = configuration.localHost == "0.0.0.0" || configuration.localHost == "::" ? "127.0.0.1" : configuration.localHost
        let shownHost = host.contains(":") ? "[\(host)]" : host
        local = "\(shownHost):\(localAddress.port ?? 0)"
        let targetHP = configuration.target.hostPort
        let callerUser = configuration.credentials?.username ?? configuration.caller
        switch configuration.scenario {
        case .call:
            requestURI = "sip:\(configuration.callee)@\(targetHP)"
            toValue = "<sip:\(configuration.callee)@\(targetHP)>"
        case .register:
            requestURI = "sip:\(targetHP)"
            toValue = "<sip:\(callerUser)@\(targetHP)>"
        }
        fromValue = "<sip:\(callerUser)@\(targetHP)>;tag=\(run)."
        contactValue = "<sip:\(callerUser)@\(local)>"
        viaPrefix = "SIP/2.0/UDP \(local);rport;branch=z9hG4bK\(run)."
        sdp = LoadSDP.offer(host: host, session: run)
        let now = Self.now()
        clockOrigin = now
        if probe {
            probeDeadline = now + configuration.probeTimeout.saturatingNanoseconds
            sendProbe(now: now)
        } else {
            startPacing(now: now)
        }
    }

    private func startPacing(now: Int64) {
        clockOrigin = now
        nextProgress = now + 250_000_000
        pacer = LoadPacer(rate: configuration.rate, total: configuration.calls, concurrency: configuration.concurrency,
                          start: .init(nanoseconds: now))
        tick()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data).data
        guard let bytes = buffer.readBytes(length: buffer.readableBytes),
              let message = try? SIPMessage(parsing: bytes), !message.isRequest,
              let status = message.statusCode else {
            stray += 1
            return
        }
        handle(response: message, status: status, now: Self.now())
        pendingFlush = true
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if pendingFlush {
            pendingFlush = false
            context.flush()
        }
        checkFinished()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors on an unconnected UDP socket are not fatal for a load run.
    }

    // MARK: - Ticks

    /// Starts the calls due, fires due timers, flushes; every ~250 ms reports progress.
    func tick() {
        guard !finished, let context else { return }
        let now = Self.now()
        if pacer == nil {
            if probeSent > 0 {
                if now >= probeDeadline {
                    finish(error: LoadError.unreachable("no answer to OPTIONS from \(configuration.target) within \(LoadReport.format(configuration.probeTimeout.inSeconds)) s"))
                    return
                }
                if now - clockOrigin >= Int64(probeSent) * configuration.t1.saturatingNanoseconds { sendProbe(now: now) }
            }
            context.flush()
            return
        }
        if var pacer = self.pacer {
            let count = pacer.take(at: .init(nanoseconds: now), open: open)
            self.pacer = pacer
            for _ in 0..<count { startCall(now: now) }
        }
        fireTimers(now: now)
        context.flush()
        if now >= nextProgress {
            nextProgress = now + 250_000_000
            progress?(snapshot(now: now))
        }
        checkFinished()
    }

    func snapshot(now: Int64) -> LoadProgress {
        LoadProgress(elapsed: .nanoseconds(now - clockOrigin), started: pacer?.started ?? 0, completed: completed,
                     succeeded: succeeded, failed: completed - succeeded, open: open,
                     retransmissions: retransmissions, total: configuration.calls)
    }

    private func fireTimers(now: Int64) {
        for level in retransmitQueues.indices {
            while let entry = retransmitQueues[level].popDue(now: now) {
                let index = Int(entry.slot)
                guard slots[index].serial == entry.serial, slots[index].retransmitting,
                      let request = slots[index].request else { continue }
                write(request)
                retransmissions += 1
                let cap = slots[index].phase == .inviting ? retransmitQueues.count - 1 : maxNonInviteLevel
                retransmitQueues[min(level + 1, cap)].push(now: now, slot: entry.slot, serial: entry.serial)
            }
        }
        while let entry = timeoutQueue.popDue(now: now) {
            let index = Int(entry.slot)
            guard slots[index].serial == entry.serial else { continue }
            switch slots[index].phase {
            case .inviting, .registering: end(index, now: now, failure: "timeout")
            case .byeing: end(index, now: now, failure: "BYE timeout")
            case .free, .holding: break
            }
        }
        while let entry = holdQueue.popDue(now: now) {
            let index = Int(entry.slot)
            guard slots[index].serial == entry.serial, slots[index].phase == .holding else { continue }
            sendBye(index, now: now)
        }
    }

    /// The retransmission level whose interval reaches T2 (non-INVITE Timer E stays there).
    private var maxNonInviteLevel: Int {
        let t1 = configuration.t1.saturatingNanoseconds, t2 = configuration.t2.saturatingNanoseconds
        var level = 0
        while level < retransmitQueues.count - 1, t1 << level < t2 { level += 1 }
        return level
    }

    // MARK: - Calls

    private func startCall(now: Int64) {
        let index: Int
        if let free = freeSlots.popLast() {
            index = Int(free)
        } else {
            index = slots.count
            slots.append(Slot())
        }
        slots[index].generation &+= 1
        slots[index].cseq = 1
        slots[index].authTried = false
        slots[index].callStart = now
        slots[index].ack = nil
        slots[index].bye = nil
        open += 1
        if firstStart < 0 { firstStart = now }
        lastStart = now
        switch configuration.scenario {
        case .call:
            slots[index].phase = .inviting
            beginTransaction(index, request: initialRequest(index, authorization: nil), now: now)
        case .register:
            slots[index].phase = .registering
            beginTransaction(index, request: initialRequest(index, authorization: nil), now: now)
        }
    }

    private func beginTransaction(_ index: Int, request: ByteBuffer, now: Int64) {
        slots[index].serial &+= 1
        slots[index].request = request
        slots[index].retransmitting = true
        slots[index].transactionStart = now
        let slot = Int32(index), serial = slots[index].serial
        retransmitQueues[0].push(now: now, slot: slot, serial: serial)
        timeoutQueue.push(now: now, slot: slot, serial: serial)
        write(request)
    }

    private func end(_ index: Int, now: Int64, failure: String?) {
        if let failure {
            failures[failure, default: 0] += 1
        } else {
            succeeded += 1
        }
        slots[index].phase = .free
        slots[index].serial &+= 1
        slots[index].retransmitting = false
        slots[index].request = nil
        slots[index].bye = nil
        // The ACK stays until the slot is reused (a retransmitted 2xx finds a freed slot's
        // generation changed and is ignored; before that it is still answered).
        freeSlots.append(Int32(index))
        open -= 1
        completed += 1
        lastEnd = now
    }

    private func checkFinished() {
        guard !finished, let pacer, pacer.isFinished, open == 0 else { return }
        finish(error: nil)
    }

    private func finish(error: (any Error)?) {
        finished = true
        context?.flush()
        if let error {
            promise.fail(error)
            return
        }
        let span = firstStart < 0 ? 0 : lastEnd - firstStart
        promise.succeed(LoadReport(
            scenario: configuration.scenario, target: configuration.target.description, requestedRate: configuration.rate,
            attempted: pacer?.started ?? 0, succeeded: succeeded, failures: failures,
            elapsed: .nanoseconds(max(0, span)), startSpan: .nanoseconds(max(0, lastStart - max(firstStart, 0))),
            retransmissions: retransmissions, strayMessages: stray,
            setupTimes: setupTimes.percentiles(), byeTimes: configuration.scenario == .call ? byeTimes.percentiles() : nil))
    }

    // MARK: - Responses

    private func handle(response: SIPMessage, status: Int, now: Int64) {
        guard let callID = response.rawFirstValue(.callID), let cseqValue = response.rawFirstValue(.cseq),
              let (number, method) = LoadBytes.cseq(cseqValue), let first = method.first else {
            stray += 1
            return
        }
        guard let (index, generation) = LoadBytes.slotAndGeneration(callID) else {
            if callID.starts(with: "probe.".utf8), pacer == nil, !finished {
                startPacing(now: now)
            } else {
                stray += 1
            }
            return
        }
        guard index < slots.count, slots[index].generation == generation else {
            stray += 1
            return
        }
        switch (slots[index].phase, first) {
        case (.inviting, UInt8(ascii: "I")):
            guard number == slots[index].cseq else {
                resendAckIfAny(index, status: status)
                return
            }
            inviteResponse(index, response, status: status, now: now)
        case (.holding, UInt8(ascii: "I")), (.byeing, UInt8(ascii: "I")), (.free, UInt8(ascii: "I")):
            resendAckIfAny(index, status: status)
        case (.byeing, UInt8(ascii: "B")):
            guard number == slots[index].cseq, status >= 200 else { return }
            if status < 300 {
                byeTimes.add(nanoseconds: now - slots[index].transactionStart)
                end(index, now: now, failure: nil)
            } else {
                end(index, now: now, failure: "BYE \(status)")
            }
        case (.registering, UInt8(ascii: "R")):
            guard number == slots[index].cseq else { return }
            registerResponse(index, response, status: status, now: now)
        default:
            stray += 1
        }
    }

    private func resendAckIfAny(_ index: Int, status: Int) {
        if (200..<300).contains(status), let ack = slots[index].ack { write(ack) }
    }

    private func inviteResponse(_ index: Int, _ response: SIPMessage, status: Int, now: Int64) {
        if status < 200 {
            slots[index].retransmitting = false      // Timer A stops on a provisional (RFC 3261 §17.1.1.2)
            return
        }
        guard let to = response.rawFirstValue(.to) else {
            stray += 1
            return
        }
        if status < 300 {
            setupTimes.add(nanoseconds: now - slots[index].callStart)
            let contact = response.rawFirstValue(.contact).flatMap(LoadBytes.contactURI)
            let routes = LoadBytes.reversedRouteSet(response.values(.recordRoute))
            let target = contact.map { String(decoding: $0, as: UTF8.self) } ?? requestURI
            let ack = inDialog(index, method: "ACK", uri: target, routes: routes, to: to, cseq: slots[index].cseq, branch: "a")
            slots[index].ack = ack
            write(ack)
            let cseq = slots[index].cseq + 1
            slots[index].bye = inDialog(index, method: "BYE", uri: target, routes: routes, to: to, cseq: cseq, branch: String(cseq))
            slots[index].serial &+= 1
            slots[index].retransmitting = false
            if configuration.hold > .zero {
                slots[index].phase = .holding
                holdQueue.push(now: now, slot: Int32(index), serial: slots[index].serial)
            } else {
                sendBye(index, now: now)
            }
            return
        }
        // A non-2xx final response is acknowledged within the INVITE transaction (§17.1.1.3).
        write(nonSuccessAck(index, to: to))
        retryWithCredentials(index, response, status: status, method: .invite, now: now)
    }

    private func registerResponse(_ index: Int, _ response: SIPMessage, status: Int, now: Int64) {
        if status < 200 { return }
        if status < 300 {
            setupTimes.add(nanoseconds: now - slots[index].callStart)
            end(index, now: now, failure: nil)
            return
        }
        retryWithCredentials(index, response, status: status, method: .register, now: now)
    }

    /// Answers a first 401/407 with credentials (a new transaction, CSeq + 1); any other final
    /// failure, or a second challenge, ends the call with the status.
    private func retryWithCredentials(_ index: Int, _ response: SIPMessage, status: Int, method: SIPMethod, now: Int64) {
        if status == 401 || status == 407, let credentials = configuration.credentials, !slots[index].authTried,
           let authorization = authorization(response, credentials: credentials, method: method, uri: requestURI) {
            slots[index].authTried = true
            slots[index].cseq += 1
            beginTransaction(index, request: initialRequest(index, authorization: authorization), now: now)
            return
        }
        end(index, now: now, failure: String(status))
    }

    private func sendBye(_ index: Int, now: Int64) {
        guard let bye = slots[index].bye else {
            end(index, now: now, failure: "BYE not built")
            return
        }
        slots[index].phase = .byeing
        slots[index].cseq += 1
        beginTransaction(index, request: bye, now: now)
    }

    /// `Name: value` lines answering every challenge of a 401/407, or nil when none can be.
    private func authorization(_ response: SIPMessage, credentials: SIPDigestCredentials, method: SIPMethod,
                               uri: String) -> [(String, String)]? {
        guard let challenges = try? SIPDigestChallenge.select(from: response) else { return nil }
        var lines: [(String, String)] = []
        for challenge in challenges {
            guard let answer = try? authenticator.authorize(challenge, credentials: credentials, method: method, uri: uri) else {
                return nil
            }
            lines.append((answer.headerName, answer.headerValue))
        }
        return lines
    }

    // MARK: - Requests

    private func write(_ buffer: ByteBuffer) {
        context?.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: targetAddress, data: buffer)), promise: nil)
    }

    private func sendProbe(now: Int64) {
        guard let context else { return }
        probeSent += 1
        var buffer = context.channel.allocator.buffer(capacity: 400)
        buffer.writeString("OPTIONS sip:\(configuration.target.hostPort) SIP/2.0\r\n")
        buffer.writeHeader("Via", viaPrefix + "probe\(probeSent)")
        buffer.writeHeader("Max-Forwards", "70")
        buffer.writeHeader("From", fromValue + "probe")
        buffer.writeHeader("To", "<sip:\(configuration.target.hostPort)>")
        buffer.writeHeader("Call-ID", "probe.\(run)")
        buffer.writeHeader("CSeq", "\(probeSent) OPTIONS")
        buffer.writeHeader("User-Agent", "sip-conform")
        buffer.writeStaticString("Content-Length: 0\r\n\r\n")
        write(buffer)
        context.flush()
    }

    private func writeCommon(_ buffer: inout ByteBuffer, _ index: Int, branch: String) {
        let generation = Int(slots[index].generation)
        buffer.writeStaticString("Via: ")
        buffer.writeString(viaPrefix)
        buffer.writeDecimal(index)
        buffer.writeStaticString(".")
        buffer.writeDecimal(generation)
        buffer.writeStaticString(".")
        buffer.writeString(branch)
        buffer.writeStaticString("\r\nMax-Forwards: 70\r\nFrom: ")
        buffer.writeString(fromValue)
        buffer.writeDecimal(index)
        buffer.writeStaticString(".")
        buffer.writeDecimal(generation)
        buffer.writeStaticString("\r\nCall-ID: ")
        buffer.writeDecimal(index)
        buffer.writeStaticString(".")
        buffer.writeDecimal(generation)
        buffer.writeStaticString(".")
        buffer.writeString(run)
        buffer.writeStaticString("\r\n")
    }

    /// The call's INVITE (with the SDP offer) or the registration's REGISTER, at the slot's CSeq.
    private func initialRequest(_ index: Int, authorization: [(String, String)]?) -> ByteBuffer {
        var buffer = allocate()
        let cseq = slots[index].cseq
        let method: StaticString = configuration.scenario == .call ? "INVITE" : "REGISTER"
        buffer.writeStaticString(method)
        buffer.writeStaticString(" ")
        buffer.writeString(requestURI)
        buffer.writeStaticString(" SIP/2.0\r\n")
        writeCommon(&buffer, index, branch: String(cseq))
        buffer.writeStaticString("To: ")
        buffer.writeString(toValue)
        buffer.writeStaticString("\r\nCSeq: ")
        buffer.writeDecimal(cseq)
        buffer.writeStaticString(" ")
        buffer.writeStaticString(method)
        buffer.writeStaticString("\r\nContact: ")
        buffer.writeString(contactValue)
        buffer.writeStaticString("\r\n")
        if configuration.scenario == .register {
            buffer.writeStaticString("Expires: ")
            buffer.writeDecimal(configuration.registerExpires)
            buffer.writeStaticString("\r\n")
        }
        for (name, value) in authorization ?? [] { buffer.writeString("\(name): \(value)\r\n") }
        if configuration.scenario == .call {
            buffer.writeStaticString("User-Agent: sip-conform\r\nContent-Type: application/sdp\r\nContent-Length: ")
            buffer.writeDecimal(sdp.count)
            buffer.writeStaticString("\r\n\r\n")
            buffer.writeBytes(sdp)
        } else {
            buffer.writeStaticString("User-Agent: sip-conform\r\nContent-Length: 0\r\n\r\n")
        }
        return buffer
    }

    /// ACK (for a 2xx) or BYE inside the dialog (RFC 3261 §12.2.1.1, §13.2.2.4, §15.1.1).
    private func inDialog(_ index: Int, method: StaticString, uri: String, routes: [String], to: ArraySlice<UInt8>,
                          cseq: Int, branch: String) -> ByteBuffer {
        var buffer = allocate()
        buffer.writeStaticString(method)
        buffer.writeStaticString(" ")
        buffer.writeString(uri)
        buffer.writeStaticString(" SIP/2.0\r\n")
        writeCommon(&buffer, index, branch: branch)
        for route in routes { buffer.writeHeader("Route", route) }
        buffer.writeHeader("To", to)
        buffer.writeStaticString("CSeq: ")
        buffer.writeDecimal(cseq)
        buffer.writeStaticString(" ")
        buffer.writeStaticString(method)
        buffer.writeStaticString("\r\nUser-Agent: sip-conform\r\nContent-Length: 0\r\n\r\n")
        return buffer
    }

    /// The ACK of a non-2xx final response: the INVITE's Request-URI and branch (§17.1.1.3).
    private func nonSuccessAck(_ index: Int, to: ArraySlice<UInt8>) -> ByteBuffer {
        var buffer = allocate()
        let cseq = slots[index].cseq
        buffer.writeStaticString("ACK ")
        buffer.writeString(requestURI)
        buffer.writeStaticString(" SIP/2.0\r\n")
        writeCommon(&buffer, index, branch: String(cseq))
        buffer.writeHeader("To", to)
        buffer.writeStaticString("CSeq: ")
        buffer.writeDecimal(cseq)
        buffer.writeStaticString(" ACK\r\nUser-Agent: sip-conform\r\nContent-Length: 0\r\n\r\n")
        return buffer
    }

    private func allocate() -> ByteBuffer {
        context?.channel.allocator.buffer(capacity: 768) ?? ByteBufferAllocator().buffer(capacity: 768)
    }
}

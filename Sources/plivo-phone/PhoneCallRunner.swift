import SIPCore
import SIPUserAgent

/// Runs the `call` and `answer` commands on the call controller and prints the seed's call
/// events: onCalling, onCallRemoteRinging, onCallAnswered, onCallFailed, onCallTerminated,
/// onIncomingCall, onIncomingCallCanceled, onIncomingCallIgnored, onDtmfReceived.
///
/// Payloads: an event whose only argument is one object (CallInfo, dtmfData) prints that
/// object's fields; an event with several arguments prints them under the seed's parameter
/// names (`cause` + `callInfo`, `hangupInfo` + `callInfo`, `callerID` + `extraHeaders` +
/// `callInfo` + `callerName`).
struct PhoneCallRunner: Sendable {
    private enum Input: Sendable {
        case update(SIPCallController.Update)
        case hangupTimer(String)
        case stop
    }

    let context: PhoneCommandContext
    let stopper: PhoneCommandStopper

    private var printer: PhoneEventPrinter { context.printer }

    /// `call DEST`: dial, send the digits once answered, hang up after `hangupAfter`; true when
    /// the call was answered and then ended by either side.
    func call(_ destination: String, hangupAfter: Duration?, dtmf: String, extraHeaders: [SIPParameter]) async -> Bool {
        guard let target = Self.target(destination, domain: context.addressOfRecord.host) else {
            PhoneEventPrinter.note("\(destination): not a number, user or SIP URI")
            return false
        }
        let filtered = SIPExtraHeaders.filter(extraHeaders)
        for name in filtered.dropped { PhoneEventPrinter.note("extra header \(name) dropped (X-PH- rule)") }
        let (inputs, input) = AsyncStream.makeStream(of: Input.self)
        let forward = forwardEvents(into: input)
        stopper.onStop { input.yield(.stop) }
        let callID = await context.calls.dial(target, body: PhoneSDP.offer(address: context.mediaAddress),
                                              extraHeaders: filtered.kept)
        var call = PhoneCall(outgoing: callID, from: context.addressOfRecord, to: destination,
                             extraHeaders: filtered.kept)
        var answered = false
        var ended = false
        var timer: Task<Void, Never>?
        loop: for await next in inputs {
            switch next {
            case .stop, .hangupTimer:
                try? await context.calls.hangup(callID)
            case .update(let update):
                guard update.callID == callID else { continue }
                call.state = update.state
                switch update.event {
                case .calling:
                    printer.emit("onCalling", [])
                case .remoteRinging(let response):
                    if let uuid = response.value(SIPHeaderName("X-Calluuid")) { call.callUUID = uuid }
                    printer.emit("onCallRemoteRinging", call.infoFields)
                case .accepted(let response):
                    if let uuid = response.value(SIPHeaderName("X-Calluuid")) { call.callUUID = uuid }
                case .answered:
                    answered = true
                    printer.emit("onCallAnswered", call.infoFields)
                    if !dtmf.isEmpty { try? await context.calls.sendDTMF(callID, digits: dtmf) }
                    if let hangupAfter { timer = hangupTimer(callID, after: hangupAfter, into: input) }
                case .failed(let end):
                    call.end = end
                    printer.emit("onCallFailed", [("cause", .string(end.cause.rawValue)), ("callInfo", call.info)])
                case .ended(let end):
                    call.end = end
                    ended = true
                    printer.emit("onCallTerminated", [("hangupInfo", call.hangupInfo), ("callInfo", call.info)])
                case .dtmfReceived(let tone, let duration):
                    printer.emit("onDtmfReceived", [("tone", .string(tone)), ("duration", .int(duration))])
                case .released:
                    break loop
                case .incoming, .ignored, .infoReceived, .reinvited, .requestFailed:
                    break
                }
            }
        }
        timer?.cancel()
        forward.cancel()
        return answered && ended
    }

    /// `answer`: act on the next `count` incoming calls as `action` says; true when each was
    /// handled so (answered and ended, rejected, or ignored until it went away).
    func answer(count: Int, action: PhoneCommand.AnswerAction, hangupAfter: Duration?) async -> Bool {
        let (inputs, input) = AsyncStream.makeStream(of: Input.self)
        let forward = forwardEvents(into: input)
        stopper.onStop { input.yield(.stop) }
        var calls: [String: PhoneCall] = [:]
        var succeeded: Set<String> = []
        var handled = 0
        var allAsTold = true
        var stopping = false
        var timers: [Task<Void, Never>] = []
        loop: for await next in inputs {
            switch next {
            case .stop:
                stopping = true
                allAsTold = false
                if calls.isEmpty { break loop }
                await context.calls.hangupAll()
            case .hangupTimer(let callID):
                try? await context.calls.hangup(callID)
            case .update(let update):
                let callID = update.callID
                if case .incoming(let invite) = update.event {
                    var call = PhoneCall(incoming: callID, invite: invite, ourAOR: context.addressOfRecord)
                    call.state = update.state
                    calls[callID] = call
                    for name in SIPExtraHeaders.received(in: invite).dropped {
                        PhoneEventPrinter.note("incoming header \(name) dropped (X-PH- rule)")
                    }
                    printer.emit("onIncomingCall", [
                        ("callerID", .string(PhoneCall.callerID(of: invite))),
                        ("extraHeaders", .object(call.extraHeaders.map { ($0.name, .string($0.value ?? "")) })),
                        ("callInfo", call.info),
                        ("callerName", .string(invite.from?.displayName ?? "")),
                    ])
                    await act(on: callID, invite: invite, action: stopping ? .reject : action)
                    continue
                }
                guard var call = calls[callID] else { continue }
                call.state = update.state
                switch update.event {
                case .answered:
                    printer.emit("onCallAnswered", call.infoFields)
                    if let hangupAfter { timers.append(hangupTimer(callID, after: hangupAfter, into: input)) }
                case .ignored:
                    call.end = SIPCallEnd(state: .ignored, originator: .local, cause: .ignored)
                    printer.emit("onIncomingCallIgnored", call.infoFields)
                    if action == .ignore { succeeded.insert(callID) }
                case .failed(let end):
                    call.end = end
                    if end.state == .canceled, end.originator == .remote {
                        printer.emit("onIncomingCallCanceled", call.infoFields)
                    } else {
                        printer.emit("onCallFailed", [("cause", .string(end.cause.rawValue)), ("callInfo", call.info)])
                    }
                    if action == .reject, end.state == .rejected { succeeded.insert(callID) }
                case .ended(let end):
                    call.end = end
                    printer.emit("onCallTerminated", [("hangupInfo", call.hangupInfo), ("callInfo", call.info)])
                    if action == .answer { succeeded.insert(callID) }
                case .dtmfReceived(let tone, let duration):
                    printer.emit("onDtmfReceived", [("tone", .string(tone)), ("duration", .int(duration))])
                case .released:
                    calls[callID] = nil
                    handled += 1
                    if !succeeded.contains(callID) { allAsTold = false }
                    if handled >= count || (stopping && calls.isEmpty) { break loop }
                    continue
                case .calling, .remoteRinging, .incoming, .accepted, .infoReceived, .reinvited, .requestFailed:
                    break
                }
                calls[callID] = call
            }
        }
        for timer in timers { timer.cancel() }
        forward.cancel()
        return allAsTold && handled >= count
    }

    /// Answers, rejects or ignores a new incoming call.
    private func act(on callID: String, invite: SIPMessage, action: PhoneCommand.AnswerAction) async {
        switch action {
        case .answer:
            if let answer = PhoneSDP.answer(to: invite.body, address: context.mediaAddress) {
                try? await context.calls.answer(callID, body: answer)
            } else {
                PhoneEventPrinter.note("incoming offer has no codec in common; answering 488")
                try? await context.calls.reject(callID, status: 488)
            }
        case .reject:
            try? await context.calls.reject(callID)
        case .ignore:
            try? await context.calls.ignore(callID)
        }
    }

    private func forwardEvents(into input: AsyncStream<Input>.Continuation) -> Task<Void, Never> {
        let calls = context.calls
        return Task {
            for await update in calls.events { input.yield(.update(update)) }
        }
    }

    private func hangupTimer(_ callID: String, after delay: Duration,
                             into input: AsyncStream<Input>.Continuation) -> Task<Void, Never> {
        Task {
            try? await Task.sleep(for: delay)
            if !Task.isCancelled { input.yield(.hangupTimer(callID)) }
        }
    }

    /// The Request-URI for a destination: a `sip:`/`sips:` URI as given, `user@host` with
    /// `sip:` added, or a number/user at our domain (the SDK: whitespace removed, `sip:`
    /// prefixed, the server's domain completed).
    static func target(_ destination: String, domain: SIPURI.Host?) -> SIPURI? {
        let cleaned = destination.filter { !$0.isWhitespace }
        guard !cleaned.isEmpty else { return nil }
        let lower = cleaned.lowercased()
        if lower.hasPrefix("sip:") || lower.hasPrefix("sips:") { return try? SIPURI(cleaned) }
        if cleaned.contains("@") { return try? SIPURI("sip:" + cleaned) }
        guard let domain else { return nil }
        return try? SIPURI("sip:" + cleaned + "@" + domain.description)
    }
}

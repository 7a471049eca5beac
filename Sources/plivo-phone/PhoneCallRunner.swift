import PlivoSDK
import AudioProcessing
import ICE
import MediaTransport
import SIPCore
import SIPUserAgent

/// Runs the `call` and `answer` commands on the call controller and prints the seed's call
/// events: onCalling, onCallRemoteRinging, onCallAnswered, onCallFailed, onCallTerminated,
/// onIncomingCall, onIncomingCallCanceled, onIncomingCallIgnored, onDtmfReceived, and
/// onMediaConnected when the call's ICE checks succeed (both sides with ICE).
///
/// Payloads: an event whose only argument is one object (CallInfo, dtmfData) prints that
/// object's fields; an event with several arguments prints them under the seed's parameter
/// names (`cause` + `callInfo`, `hangupInfo` + `callInfo`, `callerID` + `extraHeaders` +
/// `callInfo` + `callerName`).
struct PhoneCallRunner: Sendable {
    private enum Input: Sendable {
        case update(SIPCallController.Update)
        case media(String, CallMedia.Event)
        case hangupTimer(String)
        /// `--answer-after` elapsed for this ringing call.
        case actTimer(String)
        case stop
    }

    let context: PhoneCommandContext
    let stopper: PhoneCommandStopper

    private var printer: PhoneEventPrinter { context.printer }

    /// `call DEST`: dial, send the digits once answered, hang up after `hangupAfter`; true when
    /// the call was answered and then ended by either side.
    func call(_ destination: String, hangupAfter: Duration?, dtmf: String, extraHeaders: [SIPParameter]) async -> Bool {
        guard let target = CallRecord.target(destination, domain: context.addressOfRecord.host) else {
            PhoneEventPrinter.note("\(destination): not a number, user or SIP URI")
            return false
        }
        let filtered = SIPExtraHeaders.filter(extraHeaders)
        for name in filtered.dropped { PhoneEventPrinter.note("extra header \(name) dropped (X-PH- rule)") }
        let media: CallMedia
        do {
            media = try await CallMedia.prepare(role: .controlling, context: context)
        } catch {
            PhoneEventPrinter.note("cannot prepare media: \(error)")
            return false
        }
        let (inputs, input) = AsyncStream.makeStream(of: Input.self)
        let forward = forwardEvents(into: input)
        stopper.onStop { input.yield(.stop) }
        let offer: [UInt8]
        do {
            offer = try await media.makeOffer()
        } catch {
            PhoneEventPrinter.note("cannot make the offer: \(error)")
            await media.close()
            return false
        }
        let callID = await context.calls.dial(target, body: offer, extraHeaders: filtered.kept)
        let mediaForward = forwardMedia(media, callID: callID, into: input)
        var mediaConnected = false
        var call = CallRecord(outgoing: callID, from: context.addressOfRecord, to: destination,
                             extraHeaders: filtered.kept)
        var answered = false
        var ended = false
        var timer: Task<Void, Never>?
        var muteTimers: [Task<Void, Never>] = []
        loop: for await next in inputs {
            switch next {
            case .stop, .hangupTimer:
                try? await context.calls.hangup(callID)
            case .actTimer:
                break
            case let .media(_, event):
                if case .ice(.agent(.state(.connected))) = event, !mediaConnected, call.end == nil {
                    mediaConnected = true
                    printer.emit("onMediaConnected", call.infoFields)
                }
                if call.end == nil { await mediaEvent(event, callID: callID) }
            case .update(let update):
                guard update.callID == callID else { continue }
                call.state = update.state
                switch update.event {
                case .calling:
                    printer.emit("onCalling", [])
                    await context.devices?.play(.connect)
                case .remoteRinging(let response):
                    if let uuid = response.value(SIPHeaderName("X-Calluuid")) { call.callUUID = uuid }
                    printer.emit("onCallRemoteRinging", call.infoFields)
                    await context.devices?.play(.ringback)   // a disabled ringback stops the connect tone
                case .accepted(let response):
                    if let uuid = response.value(SIPHeaderName("X-Calluuid")) { call.callUUID = uuid }
                    await media.receiveAnswer(response.body)
                case .answered:
                    answered = true
                    context.devices?.stopTones()
                    printer.emit("onCallAnswered", call.infoFields)
                    if !dtmf.isEmpty, let devices = context.devices {
                        Task { await devices.playDTMF(dtmf) }
                    }
                    if !dtmf.isEmpty {
                        if context.audio.dtmfType == .inband {
                            // RFC 4733: queued until DTLS has keyed SRTP, then one packet per 20 ms.
                            if !(await media.sendDTMF(dtmf)) {
                                PhoneEventPrinter.note("telephone-event was not negotiated: DTMF sent as SIP INFO")
                                try? await context.calls.sendDTMF(callID, digits: dtmf)
                            }
                        } else {
                            try? await context.calls.sendDTMF(callID, digits: dtmf)
                        }
                    }
                    if let hangupAfter { timer = hangupTimer(callID, after: hangupAfter, into: input) }
                    muteTimers += scheduleMute(media)
                case .failed(let end):
                    call.end = end
                    context.devices?.stopTones()
                    printer.emit("onCallFailed", [("cause", .string(end.cause.rawValue)), ("callInfo", call.info)])
                case .ended(let end):
                    call.end = end
                    ended = true
                    context.devices?.stopTones()
                    printer.emit("onCallTerminated", [("hangupInfo", call.hangupFields), ("callInfo", call.info)])
                case .dtmfReceived(let tone, let duration):
                    printer.emit("onDtmfReceived", [("tone", .string(tone)), ("duration", .int(duration))])
                case .released:
                    break loop
                case .infoReceived(let request):
                    infoSignal(request, call: call)
                case .incoming, .ignored, .reinvited, .requestFailed:
                    break
                }
            }
        }
        timer?.cancel()
        for muteTimer in muteTimers { muteTimer.cancel() }
        forward.cancel()
        await media.close()
        mediaForward.cancel()
        return answered && ended
    }

    /// `answer`: act on the next `count` incoming calls as `action` says; true when each was
    /// handled so (answered and ended, rejected, or ignored until it went away).
    func answer(count: Int, action: PhoneCommand.AnswerAction, hangupAfter: Duration?,
                answerAfter: Duration? = nil) async -> Bool {
        let (inputs, input) = AsyncStream.makeStream(of: Input.self)
        let forward = forwardEvents(into: input)
        stopper.onStop { input.yield(.stop) }
        var calls: [String: CallRecord] = [:]
        var medias: [String: (media: CallMedia, forward: Task<Void, Never>, connected: Bool)] = [:]
        var succeeded: Set<String> = []
        var handled = 0
        var allAsTold = true
        var stopping = false
        var timers: [Task<Void, Never>] = []
        var ringing: [String: SIPMessage] = [:]
        loop: for await next in inputs {
            switch next {
            case .actTimer(let callID):
                guard let invite = ringing.removeValue(forKey: callID), calls[callID]?.end == nil else { continue }
                if ringing.isEmpty { context.devices?.stopTones() }
                if let media = await act(on: callID, invite: invite, action: stopping ? .reject : action) {
                    medias[callID] = (media, forwardMedia(media, callID: callID, into: input), false)
                }
            case .stop:
                stopping = true
                allAsTold = false
                if calls.isEmpty { break loop }
                await context.calls.hangupAll()
            case .hangupTimer(let callID):
                try? await context.calls.hangup(callID)
            case let .media(callID, event):
                if calls[callID]?.end == nil { await mediaEvent(event, callID: callID) }
                guard case .ice(.agent(.state(.connected))) = event, let entry = medias[callID], !entry.connected,
                      let call = calls[callID], call.end == nil else { continue }
                medias[callID]?.connected = true
                printer.emit("onMediaConnected", call.infoFields)
            case .update(let update):
                let callID = update.callID
                if case .incoming(let invite) = update.event {
                    var call = CallRecord(incoming: callID, invite: invite, ourAOR: context.addressOfRecord)
                    call.state = update.state
                    calls[callID] = call
                    for name in SIPExtraHeaders.received(in: invite).dropped {
                        PhoneEventPrinter.note("incoming header \(name) dropped (X-PH- rule)")
                    }
                    printer.emit("onIncomingCall", [
                        ("callerID", .string(CallRecord.callerID(of: invite))),
                        ("extraHeaders", .object(call.extraHeaders.map { ($0.name, .string($0.value ?? "")) })),
                        ("callInfo", call.info),
                        ("callerName", .string(invite.from?.displayName ?? "")),
                    ])
                    // The ringtone, unless a call is already up (the SDK rings only with no active call).
                    if medias.isEmpty { await context.devices?.play(.ringtone) }
                    if let answerAfter, !stopping {
                        ringing[callID] = invite
                        timers.append(Task {
                            try? await Task.sleep(for: answerAfter)
                            if !Task.isCancelled { input.yield(.actTimer(callID)) }
                        })
                        continue
                    }
                    if medias.isEmpty { context.devices?.stopTones() }
                    if let media = await act(on: callID, invite: invite, action: stopping ? .reject : action) {
                        medias[callID] = (media, forwardMedia(media, callID: callID, into: input), false)
                    }
                    continue
                }
                guard var call = calls[callID] else { continue }
                call.state = update.state
                switch update.event {
                case .answered:
                    printer.emit("onCallAnswered", call.infoFields)
                    if let hangupAfter { timers.append(hangupTimer(callID, after: hangupAfter, into: input)) }
                    if let media = medias[callID]?.media { timers += scheduleMute(media) }
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
                    printer.emit("onCallTerminated", [("hangupInfo", call.hangupFields), ("callInfo", call.info)])
                    if action == .answer { succeeded.insert(callID) }
                case .dtmfReceived(let tone, let duration):
                    printer.emit("onDtmfReceived", [("tone", .string(tone)), ("duration", .int(duration))])
                case .released:
                    calls[callID] = nil
                    if ringing.removeValue(forKey: callID) != nil, ringing.isEmpty { context.devices?.stopTones() }
                    if let entry = medias.removeValue(forKey: callID) {
                        await entry.media.close()
                        entry.forward.cancel()
                    }
                    handled += 1
                    if !succeeded.contains(callID) { allAsTold = false }
                    if handled >= count || (stopping && calls.isEmpty) { break loop }
                    continue
                case .infoReceived(let request):
                    infoSignal(request, call: call)
                case .calling, .remoteRinging, .incoming, .accepted, .reinvited, .requestFailed:
                    break
                }
                calls[callID] = call
            }
        }
        for timer in timers { timer.cancel() }
        forward.cancel()
        for entry in medias.values {
            await entry.media.close()
            entry.forward.cancel()
        }
        return allAsTold && handled >= count
    }

    /// Answers (with an answer made by the SDP module and an ICE agent of its own), rejects or
    /// ignores a new incoming call; returns the media of an answered call.
    private func act(on callID: String, invite: SIPMessage, action: PhoneCommand.AnswerAction) async -> CallMedia? {
        switch action {
        case .answer:
            let media: CallMedia
            do {
                media = try await CallMedia.prepare(role: .controlled, context: context)
            } catch {
                PhoneEventPrinter.note("cannot prepare media: \(error); answering 500")
                try? await context.calls.reject(callID, status: 500)
                return nil
            }
            do {
                let answer = try await media.answer(to: invite.body)
                try? await context.calls.answer(callID, body: answer)
                return media
            } catch {
                PhoneEventPrinter.note("the offer cannot be answered (\(error)); answering 488")
                try? await context.calls.reject(callID, status: 488)
                await media.close()
                return nil
            }
        case .reject:
            try? await context.calls.reject(callID)
        case .ignore:
            try? await context.calls.ignore(callID)
        }
        return nil
    }

    private func forwardMedia(_ media: CallMedia, callID: String,
                              into input: AsyncStream<Input>.Continuation) -> Task<Void, Never> {
        Task {
            for await event in media.events { input.yield(.media(callID, event)) }
        }
    }

    /// A Plivo INFO signal: `remoteAudioStatus {status: true|false}`, or `onCallConnected`
    /// (the callee's phone rings).
    private func infoSignal(_ request: SIPMessage, call: CallRecord) {
        switch SIPPlivoInfoSignal(info: request) {
        case .remoteAudio(let present):
            printer.emit("remoteAudioStatus", [("status", .bool(present))])
        case .remotePartyRinging:
            printer.emit("onCallConnected", call.infoFields)
        case nil:
            break
        }
    }

    /// `--mute-after` / `--unmute-after`: the seed's mute() and unmute() at those times after
    /// the answer.
    private func scheduleMute(_ media: CallMedia) -> [Task<Void, Never>] {
        var timers: [Task<Void, Never>] = []
        for (delay, muted) in [(context.audio.muteAfter, true), (context.audio.unmuteAfter, false)] {
            guard let delay else { continue }
            timers.append(Task {
                try? await Task.sleep(for: delay)
                guard !Task.isCancelled else { return }
                media.setMuted(muted)
                PhoneEventPrinter.note(muted ? "muted" : "unmuted")
            })
        }
        return timers
    }

    /// What the call's media reports besides ICE: engine events, `mediaMetrics` and `volume`.
    private func mediaEvent(_ event: CallMedia.Event, callID: String) async {
        switch event {
        case .engine(let reported):
            await engineEvent(reported, callID: callID)
        case .metric(let metric):
            printer.emit("mediaMetrics", [
                ("group", .string(metric.group)), ("level", .string(metric.level)), ("type", .string(metric.type)),
                ("value", .string(metric.value)), ("active", .bool(metric.active)), ("desc", .string(metric.desc)),
                ("stream", .string(metric.stream)),
            ])
        case .volume(let volume):
            printer.emit("volume", [("inputVolume", .string(AudioLevelAnalyser.volumeString(volume.inputVolume))),
                                    ("outputVolume", .string(AudioLevelAnalyser.volumeString(volume.outputVolume)))])
        case .ice:
            break
        }
    }

    /// What the media engine reports: RFC 4733 digits are the seed's onDtmfReceived; a media
    /// failure (DTLS, a fingerprint mismatch) ends the call.
    private func engineEvent(_ event: MediaEngineEvent, callID: String) async {
        switch event {
        case let .dtmfReceived(digit, duration):
            printer.emit("onDtmfReceived", [("tone", .string(String(digit))), ("duration", .int(ICEGather.milliseconds(duration)))])
        case .failed(.iceFailed):
            // The SDK keeps the call (its ice_connection metric warns); so do we, silently.
            PhoneEventPrinter.note("media path lost (ICE failed or consent expired): sending stopped")
        case .failed(let error):
            PhoneEventPrinter.note("media failed: \(error); hanging up")
            try? await context.calls.hangup(callID)
        case .secured(let profile):
            PhoneEventPrinter.note("media secured: DTLS-SRTP \(profile)")
        case .firstPacketReceived, .roundTripTime, .remoteClosed:
            break
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
}

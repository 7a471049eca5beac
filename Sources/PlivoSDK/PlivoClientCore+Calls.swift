import AudioPipeline
import AudioProcessing
import CallModel
import ICE
import MediaTransport
import SIPCore
import SIPUserAgent
import StackCore

extension PlivoClientCore {
    /// The media settings of every call: the media options, the seed's noise reduction and the
    /// offered profile.
    var audioOptions: CallAudioOptions {
        let constraints = options.audioConstraints
        var audio = CallAudioOptions(profile: media.secureMedia ? .savpf : .avp,
                                     noiseReduction: options.enableNoiseReduction || constraints.noiseSuppression == true)
        // The seed: enableNoiseReduction prepares it, startNoiseReduction() turns it on.
        audio.noiseReductionActive = noiseReductionStarted || constraints.noiseSuppression == true
        audio.captureSampleRate = constraints.sampleRate ?? 48_000
        audio.captureChannels = constraints.channelCount ?? 1
        audio.echoCancellation = constraints.echoCancellation == true
        audio.automaticGain = constraints.autoGainControl == true
        audio.maxAverageBitrate = options.maxAverageBitrate
        audio.volumeEvents = true      // the seed's `volume`, about 60 a second during calls
        switch media.input {
        case .microphone: audio.inputDevice = "default"
        case .wavFile(let path): audio.input = path
        case .tone(let frequency): audio.toneFrequency = frequency
        case .echo: audio.echo = true
        }
        switch media.output {
        case .speaker: audio.outputDevice = "default"
        case .wavFile(let path): audio.output = path
        case .discard: break
        }
        return audio
    }

    /// Starts the sound devices when the media options use them; their events become the
    /// seed's `audioDeviceChange` and `onMediaPermission`.
    func startDevices() async -> CallAudioDevices? {
        let hub = self.hub
        return await CallAudioDevices.start(audioOptions, manager: deviceManager, tones: tones, report: { event in
            switch event {
            case .audioDeviceChange(let change):
                hub.emit(.audioDeviceChange(PlivoAudioDeviceChange(
                    change: change.change.rawValue,
                    device: PlivoAudioDevice(deviceId: change.device.deviceId, label: change.device.label,
                                             kind: change.device.kind.rawValue))))
            case .mediaPermission(let permission):
                hub.emit(.onMediaPermission(PlivoMediaPermission(status: permission.status.rawValue, stream: permission.stream,
                                                                 error: permission.error)))
            case .audioServerLost, .audioServerRestored, .deviceSelected:
                break
            }
        }, note: { _ in })
    }

    // MARK: - Methods

    func call(_ destination: String, extraHeaders: [String: String]) async -> Bool {
        guard isReady, let session else { return false }
        if let accessToken, !accessToken.grants.allowsOutgoingCalls {
            hub.emit(.onPermissionDenied(PlivoAccessTokenError.invalidAccessTokenGrants.rawValue))
            return false
        }
        guard registry.canDial() else { return false }
        guard let target = CallRecord.target(destination, domain: session.domain) else { return false }
        var headers = extraHeaders.sorted { $0.key < $1.key }.map { SIPParameter($0.key, $0.value) }
        headers = SIPExtraHeaders.filter(headers).kept
        if let region = options.clientRegion { headers.append(SIPParameter("X-ClientRegion", region.rawValue)) }
        let media: CallMedia
        let offer: [UInt8]
        do {
            media = try await prepareMedia(role: .controlling)
            offer = try await media.makeOffer()
        } catch {
            return false
        }
        // A token login's INVITE carries the token too (behaviour §4.6).
        let jwt = accessToken.map { [SIPParameter("X-Plivo-Jwt", $0.token)] } ?? []
        let callID = await session.calls.dial(target, body: offer, extraHeaders: headers + jwt)
        try? registry.dialing(callID: callID)
        records[callID] = CallRecord(outgoing: callID, from: SIPURI(user: session.username, host: session.domain),
                                     to: destination, extraHeaders: headers)
        attach(media, to: callID)
        // Updates that overtook dial's return (the INVITE's first answers) are replayed now.
        for update in earlyUpdates.removeValue(forKey: callID) ?? [] { await callUpdate(update) }
        return true
    }

    func answer(callUUID: String?, action: String?) async -> Bool {
        guard let actions = try? registry.answer(callUUID: callUUID, actionText: action) else { return false }
        return await perform(actions)
    }

    func reject(callUUID: String?) async -> Bool {
        guard let actions = try? registry.reject(callUUID: callUUID) else { return false }
        return await perform(actions)
    }

    func ignore(callUUID: String?) async -> Bool {
        guard let actions = try? registry.ignore(callUUID: callUUID) else { return false }
        return await perform(actions)
    }

    func hangup() async -> Bool {
        guard let actions = try? registry.hangup() else { return false }
        return await perform(actions)
    }

    /// The seed's sendDtmf: 0-9, * and # only; `outband` sends SIP INFO
    /// (application/dtmf-relay, the SDK's way); `inband` alone sends RFC 4733 events in the
    /// media (falling back to INFO when telephone-event was not negotiated).
    func sendDtmf(_ digit: String) async -> Bool {
        guard digit.count == 1, let character = digit.first, "0123456789*#".contains(character),
              let session, let current = registry.currentCall, current.state == .answered else { return false }
        let types = options.dtmfOptions.sendDtmfType
        if !types.contains(.outband), let media = medias[current.callID]?.media, await media.sendDTMF(digit) {
            return true
        }
        do {
            try await session.calls.sendDTMF(current.callID, digits: digit)
            return true
        } catch {
            return false
        }
    }

    /// The seed's mute (true) / unmute (false): on the current call, or remembered for the
    /// next one (returning false, as the SDK does without a session).
    func setMuted(_ muted: Bool) -> Bool {
        guard let current = registry.currentCall, let media = medias[current.callID]?.media else {
            pendingMute = muted
            return false
        }
        media.setMuted(muted)
        return true
    }

    /// The calls closeProtection guards: the current one (dialing, ringing or answered), then
    /// the incoming ones ringing.
    func guardedCallUUIDs() -> [String] {
        ([registry.currentCall].compactMap { $0 } + registry.ringingCalls).map(\.callUUID)
    }

    /// Ends every call, as the SDK's page unload does: BYE for an answered call, CANCEL for
    /// one being dialed, 486 for each incoming call still ringing.
    func endAllCalls() async {
        if registry.currentCall != nil { _ = await hangup() }
        for call in registry.ringingCalls { _ = await reject(callUUID: call.callUUID) }
    }

    func getCallUUID() -> String? { registry.getCallUUID() }
    func getLastCallUUID() -> String? { registry.getLastCallUUID() }

    // MARK: - Doing what the registry decided

    private func perform(_ actions: [CallAction]) async -> Bool {
        guard let session else { return false }
        var ok = true
        for action in actions {
            switch action {
            case .hangup(let callID):
                do { try await session.calls.hangup(callID) } catch { ok = false }
            case .reject(let callID):
                do { try await session.calls.reject(callID) } catch { ok = false }
                invites[callID] = nil
            case .ignore(let callID):
                do { try await session.calls.ignore(callID) } catch { ok = false }
                invites[callID] = nil
            case .answer(let callID):
                ok = await answerCall(callID, session: session) && ok
            }
        }
        return ok
    }

    private func answerCall(_ callID: String, session: Session) async -> Bool {
        guard let invite = invites.removeValue(forKey: callID) else { return false }
        do {
            let media = try await prepareMedia(role: .controlled)
            attach(media, to: callID)
            let answer = try await media.answer(to: invite.body)
            try await session.calls.answer(callID, body: answer)
            return true
        } catch {
            try? await session.calls.reject(callID, status: 488)
            return false
        }
    }

    private func prepareMedia(role: ICERole) async throws -> CallMedia {
        guard let session else { throw PlivoClientCallError.notLoggedIn }
        let destination = session.link.connection.destination
        let address = media.mediaAddress
            ?? (try? LocalNetwork.localAddress(toward: destination.host, port: destination.port)) ?? "127.0.0.1"
        // The SDK's STUN list unless the options name servers ([] for none).
        let stun = options.effectiveStunServers.compactMap { text in
            (try? LocalNetwork.stunServer(text)).map { ICETransportAddress(host: $0.host, port: $0.port) }
        }
        return try await CallMedia.prepare(role: role, mediaAddress: address, stunServers: stun,
                                           stunRace: options.usePlivoStunServers, dscp: options.dscp,
                                           audio: audioOptions, devices: devices,
                                           software: "plivo-swift-sdk")
    }

    private func attach(_ media: CallMedia, to callID: String) {
        let forward = Task { [weak self] in
            for await event in media.events { await self?.mediaEvent(event, callID: callID) }
        }
        medias[callID] = (media, forward)
        media.controls.isNoiseReductionActive = noiseReductionStarted || options.audioConstraints.noiseSuppression == true
        if pendingMute {
            media.setMuted(true)
            pendingMute = false
        }
    }

    // MARK: - Events

    func mediaEvent(_ event: CallMedia.Event, callID: String) {
        guard let record = records[callID], record.end == nil else { return }
        switch event {
        case .ice(.agent(.state(let state))):
            qualityICEState(callID, state.rawValue)
            guard state == .connected, !mediaConnected.contains(callID) else { return }
            mediaConnected.insert(callID)
            hub.emit(.onMediaConnected(record.callInfo))
        case .ice(.gatheringComplete(timedOut: true, _)):
            qualityGatheringTimedOut()
        case .ice:
            break
        case .engine(.dtmfReceived(let digit, let duration)):
            hub.emit(.onDtmfReceived(PlivoDTMFData(tone: String(digit), duration: Int(duration.saturatingNanoseconds / 1_000_000))))
        case .engine:
            break
        case .metric(let metric):
            guard options.emitsMediaMetrics else { return }
            hub.emit(.mediaMetrics(PlivoMediaMetric(group: metric.group, level: metric.level, type: metric.type,
                                                    value: metric.value, active: metric.active, desc: metric.desc,
                                                    stream: metric.stream)))
        case .volume(let level):
            hub.emit(.volume(PlivoVolume(inputVolume: AudioLevelAnalyser.volumeString(level.inputVolume),
                                         outputVolume: AudioLevelAnalyser.volumeString(level.outputVolume))))
        }
    }

    func callUpdate(_ update: SIPCallController.Update) async {
        let callID = update.callID
        if case .incoming(let invite) = update.event {
            await incoming(callID: callID, invite: invite, state: update.state)
            return
        }
        guard var record = records[callID] else {
            if update.direction == .outgoing { earlyUpdates[callID, default: []].append(update) }
            return
        }
        record.state = update.state
        switch update.event {
        case .calling:
            records[callID] = record
            hub.emit(.onCalling)
            await devices?.play(.connect)
            return
        case .remoteRinging(let response):
            if let uuid = response.value(SIPHeaderName("X-Calluuid")) { record.callUUID = uuid }
            registry.update(callID: callID, state: update.state, callUUID: record.callUUID)
            records[callID] = record
            hub.emit(.onCallRemoteRinging(record.callInfo))
            await devices?.play(.ringback)
            return
        case .accepted(let response):
            if let uuid = response.value(SIPHeaderName("X-Calluuid")) { record.callUUID = uuid }
            if let media = medias[callID]?.media { await media.receiveAnswer(response.body) }
        case .answered:
            devices?.stopTones()
            registry.update(callID: callID, state: update.state, callUUID: record.callUUID)
            records[callID] = record
            startQuality(callID)
            hub.emit(.onCallAnswered(record.callInfo))
            return
        case .failed(let end):
            record.end = end
            devices?.stopTones()
            records[callID] = record
            if end.state == .canceled, end.originator == .remote, record.direction == .incoming {
                hub.emit(.onIncomingCallCanceled(record.callInfo))
            } else {
                // A token refused by the server names its cause (the seed's onCallFailed list).
                let tokenCause = end.extensionHeader("X-Plivo-Jwt-Error-Code").flatMap(PlivoAccessTokenError.init(errorCodeHeader:))
                hub.emit(.onCallFailed(cause: tokenCause?.rawValue ?? end.cause.rawValue, callInfo: record.callInfo))
            }
        case .ended(let end):
            record.end = end
            devices?.stopTones()
            records[callID] = record
            hub.emit(.onCallTerminated(hangupInfo: record.hangupInfo, callInfo: record.callInfo))
        case .ignored:
            record.end = SIPCallEnd(state: .ignored, originator: .local, cause: .ignored)
            records[callID] = record
            if registry.ringingCalls.count <= 1 { devices?.stopTones() }
            hub.emit(.onIncomingCallIgnored(record.callInfo))
        case .dtmfReceived(let tone, let duration):
            hub.emit(.onDtmfReceived(PlivoDTMFData(tone: tone, duration: duration)))
        case .infoReceived(let request):
            switch SIPPlivoInfoSignal(info: request) {
            case .remoteAudio(let present): hub.emit(.remoteAudioStatus(present))
            case .remotePartyRinging: hub.emit(.onCallConnected(record.callInfo))
            case nil: break
            }
        case .released:
            registry.update(callID: callID, state: update.state)
            records[callID] = nil
            invites[callID] = nil
            mediaConnected.remove(callID)
            stopQuality(callID)
            if let entry = medias.removeValue(forKey: callID) {
                await entry.media.close()
                entry.forward.cancel()
            }
            return
        case .incoming, .reinvited, .requestFailed:
            break
        }
        registry.update(callID: callID, state: update.state, callUUID: record.callUUID)
        if records[callID] != nil { records[callID] = record }
    }

    private func incoming(callID: String, invite: SIPMessage, state: SIPCallState) async {
        guard let session else { return }
        let callUUID = invite.value(SIPHeaderName("X-Calluuid"))
        let actions: [CallAction]
        do {
            actions = try registry.incoming(callID: callID, callUUID: callUUID)
        } catch {
            try? await session.calls.reject(callID)
            return
        }
        if actions.contains(where: { if case .reject = $0 { true } else { false } }) {
            // The seed: silently rejected while engaged (486, no event).
            try? await session.calls.reject(callID)
            return
        }
        var record = CallRecord(incoming: callID, invite: invite, ourAOR: SIPURI(user: session.username, host: session.domain))
        record.state = state
        records[callID] = record
        invites[callID] = invite
        if medias.isEmpty { await devices?.play(.ringtone) }
        var headers: [String: String] = [:]
        for header in record.extraHeaders { headers[header.name] = header.value ?? "" }
        hub.emit(.onIncomingCall(callerID: CallRecord.callerID(of: invite), extraHeaders: headers, callInfo: record.callInfo,
                                 callerName: invite.from?.displayName ?? ""))
    }
}

/// Why a call could not be set up.
enum PlivoClientCallError: Error {
    case notLoggedIn
}

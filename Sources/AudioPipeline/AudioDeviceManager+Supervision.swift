import AudioDevices

extension AudioDeviceManager {
    /// Follows the connection's events until it ends, reports the loss, then reconnects every
    /// ``reconnectInterval``; repeats until ``close()``.
    func supervise() async {
        while !stopped, !Task.isCancelled {
            if let current = connection {
                for await change in current.changes {
                    await handle(change)
                }
                guard !stopped, !Task.isCancelled else { return }
                connectionLost(reason: current.terminationError ?? .serverGone("connection ended"))
            }
            do {
                try await clock.sleep(for: reconnectInterval)
            } catch {
                return
            }
            guard !stopped else { return }
            _ = await connectOnce()
        }
    }

    /// One connection attempt: on success takes the device list, re-attaches every stream and,
    /// after a loss, reports the server and its devices back.
    func connectOnce() async -> Bool {
        let fresh: any AudioDeviceConnection
        let devices: [AudioDevice]
        do throws(AudioDeviceError) {
            fresh = try await backend.connect()
            devices = try await fresh.devices()
        } catch {
            return false
        }
        guard !stopped else {
            fresh.close()
            return false
        }
        connection = fresh
        known = devices
        let returning = serverWasLost
        serverWasLost = false
        if returning {
            emit(.audioServerRestored)
            for device in devices { emit(.audioDeviceChange(AudioDeviceChange(change: .added, device: device))) }
        }
        var microphoneFailure: AudioDeviceError?
        for source in inputs where !source.isClosed {
            if let failure = await attach(source) { microphoneFailure = failure }
        }
        for sink in outputs where !sink.isClosed { _ = await attach(sink) }
        if returning, inputs.contains(where: { !$0.isClosed }) {
            emit(.mediaPermission(microphoneFailure.map(MediaPermissionEvent.failure(for:)) ?? .success))
        }
        return true
    }

    /// The server went away: every device is reported removed, streams go silent, the
    /// microphone's loss is an `onMediaPermission` failure.
    func connectionLost(reason: AudioDeviceError) {
        connection?.close()
        connection = nil
        serverWasLost = true
        emit(.audioServerLost(reason.description))
        for device in known { emit(.audioDeviceChange(AudioDeviceChange(change: .removed, device: device))) }
        known = []
        inputs.removeAll { $0.isClosed }
        outputs.removeAll { $0.isClosed }
        for source in inputs { source.attach(nil) }
        for sink in outputs { sink.attach(nil) }
        if !inputs.isEmpty { emit(.mediaPermission(.failure(for: reason))) }
    }

    /// A hot-plug event: updates the cache, emits `audioDeviceChange`, and applies the seed's
    /// switching rule (a new device is used unless `useDefaultAudioDevice`; a chosen device
    /// that goes away gives way to the default).
    func handle(_ change: AudioDeviceChange) async {
        let device = change.device
        let roles = AudioDeviceRole.allCases.filter { $0.kind == device.kind }
        switch change.change {
        case .added:
            guard !known.contains(where: { $0.deviceId == device.deviceId && $0.kind == device.kind }) else { return }
            known.append(device)
            emit(.audioDeviceChange(change))
            guard !useDefaultAudioDevice, !device.isMonitor else { return }
            for role in roles {
                selections[role] = device.deviceId
                await reattach(role: role)
                emit(.deviceSelected(role: role, deviceId: device.deviceId))
            }
        case .removed:
            guard let index = known.firstIndex(where: { $0.deviceId == device.deviceId && $0.kind == device.kind }) else { return }
            known.remove(at: index)
            emit(.audioDeviceChange(change))
            for role in roles where selections[role] == device.deviceId {
                selections.removeValue(forKey: role)
                emit(.deviceSelected(role: role, deviceId: ""))
                await reattach(role: role)
            }
        }
    }

    /// Re-opens every open stream of `role` on its current choice; false when one failed.
    @discardableResult
    func reattach(role: AudioDeviceRole) async -> Bool {
        var ok = true
        if role == .microphone {
            inputs.removeAll { $0.isClosed }
            for source in inputs where await attach(source) != nil { ok = false }
        } else {
            outputs.removeAll { $0.isClosed }
            for sink in outputs where sink.role == role {
                if await attach(sink) != nil { ok = false }
            }
        }
        return ok
    }

    /// The device to open for `role`: its choice while the server lists it, else the default.
    func device(for role: AudioDeviceRole) -> String? {
        guard let chosen = selections[role], known.contains(where: { $0.deviceId == chosen }) else { return nil }
        return chosen
    }

    /// Opens an input stream for `source` and attaches it; the error when it could not.
    func attach(_ source: DeviceAudioSource) async -> AudioDeviceError? {
        guard connection != nil else {
            source.attach(nil)
            return .connectionFailed("no sound server connection")
        }
        do throws(AudioDeviceError) {
            let stream = try await backend.openInput(device: device(for: .microphone),
                                                     sampleRate: source.sampleRate, channels: source.channels)
            source.attach(stream)
            return nil
        } catch {
            source.attach(nil)
            return error
        }
    }

    /// Opens an output stream for `sink` and attaches it; the error when it could not.
    func attach(_ sink: DeviceAudioSink) async -> AudioDeviceError? {
        guard connection != nil else {
            sink.attach(nil)
            return .connectionFailed("no sound server connection")
        }
        do throws(AudioDeviceError) {
            let stream = try await backend.openOutput(device: device(for: sink.role),
                                                      sampleRate: sink.sampleRate, channels: sink.channels)
            sink.attach(stream)
            return nil
        } catch {
            sink.attach(nil)
            return error
        }
    }
}

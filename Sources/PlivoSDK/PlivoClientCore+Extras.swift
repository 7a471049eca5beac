import AudioPipeline
import CallModel
import ICE
import MediaTransport

extension PlivoClientCore {
    /// The seed's startNoiseReduction(): false without `enableNoiseReduction`; otherwise the
    /// suppressor runs on the current and every later call.
    func setNoiseReduction(_ on: Bool) -> Bool {
        guard options.enableNoiseReduction else { return false }
        noiseReductionStarted = on
        for entry in medias.values { entry.media.controls.isNoiseReductionActive = on }
        return true
    }

    /// The seed's setRingTone / setRingToneBack (true, false, or a WAV URL or path): nil on
    /// success, else the error text (the default tone then plays).
    func setTone(_ tone: CallTone, _ setting: CallToneSetting) async -> String? {
        let result = tone == .ringtone ? await tones.setRingTone(setting) : await tones.setRingToneBack(setting)
        if case .failure(let error) = result { return error.description }
        return nil
    }

    /// The seed's setConnectTone(bool).
    func setConnectTone(_ enabled: Bool) {
        tones.setConnectTone(enabled)
    }

    /// The logged-in user (feedback is refused without one).
    var username: String? { session?.username }

    /// The seed's getPeerConnection(): the current call's media state and counters.
    /// The traffic class of the current call's media sockets (empty without a call).
    func mediaTrafficClasses() async -> [Int?] {
        guard let current = registry.currentCall, let media = medias[current.callID]?.media else { return [] }
        return await media.trafficClasses()
    }

    func peerConnection() async -> PlivoPeerConnection {
        guard let current = registry.currentCall, let media = medias[current.callID]?.media else {
            return PlivoPeerConnection(status: "called in wrong state", stats: nil)
        }
        let state = await media.agent.state
        guard let snapshot = await media.statistics() else {
            return PlivoPeerConnection(status: "success", iceConnectionState: state.rawValue, stats: nil)
        }
        let sample = Self.sample(snapshot, muted: media.controls.isMuted)
        let stats = PlivoCallStats(
            codec: snapshot.codec, packetsSent: snapshot.engine.packetsSent, packetsReceived: snapshot.engine.packetsReceived,
            packetsLost: snapshot.packetsLost, remotePacketsLost: snapshot.engine.remoteCumulativeLost,
            jitterMilliseconds: sample.remoteJitter ?? 0, remoteJitterMilliseconds: sample.localJitter ?? 0,
            roundTripTimeMilliseconds: sample.rtt,
            // The monitor's MOS of its last 5 s window; before its second sample, the E-model
            // over the call so far (nil until an RTCP report has given a round-trip time).
            mos: quality[current.callID]?.monitor.mos
                ?? CallQualityMonitor.mos(rtt: sample.rtt, localJitter: sample.localJitter, remoteJitter: sample.remoteJitter,
                                          loss: FractionLoss(from: nil, to: sample)))
        return PlivoPeerConnection(status: "success", iceConnectionState: state.rawValue, stats: stats)
    }
}

#if canImport(Glibc)
import Glibc
#endif
import AudioPipeline
import CallModel
import MediaTransport
import StackCore

extension PlivoClientCore {
    /// Starts the seed's call-quality analysis for an answered call: a sample of the media
    /// counters every 5 s into a ``CallQualityMonitor`` (thresholds, windows, E-model), whose
    /// warnings become `mediaMetrics` events when the options allow them.
    func startQuality(_ callID: String) {
        guard quality[callID] == nil else { return }
        var monitor = makeQualityMonitor()
        monitor.answered(at: clock.now)
        let clock = self.clock
        let task = Task { [weak self] in
            var next = clock.now
            while !Task.isCancelled {
                next = next.advanced(by: CallQualityMonitor.sampleInterval)
                do { try await clock.sleep(until: next) } catch { return }
                await self?.sampleQuality(callID)
            }
        }
        quality[callID] = (monitor, task)
    }

    /// Stops a call's analysis.
    func stopQuality(_ callID: String) {
        quality.removeValue(forKey: callID)?.task.cancel()
    }

    /// The seed's `ice_timeout`: gathering was cut off at 2 s (a STUN server that never
    /// answered), once per call, before any monitor exists (gathering precedes the answer).
    func qualityGatheringTimedOut() {
        var monitor = makeQualityMonitor()
        emit(monitor.iceGatheringTimedOut())
    }

    /// A monitor gated by the client's tracking options.
    private func makeQualityMonitor() -> CallQualityMonitor {
        let mode = QualityTrackingMode(rawValue: options.enableQualityTracking.rawValue) ?? .all
        return CallQualityMonitor(enableTracking: options.enableTracking, enableQualityTracking: mode)
    }

    /// Feeds an ICE connection-state change to the call's monitor (`ice_connection`).
    func qualityICEState(_ callID: String, _ state: String) {
        guard var entry = quality[callID] else { return }
        let metrics = entry.monitor.iceConnectionChanged(state)
        quality[callID] = entry
        emit(metrics)
    }

    private func sampleQuality(_ callID: String) async {
        guard let media = medias[callID]?.media, let snapshot = await media.statistics(),
              var entry = quality[callID] else { return }
        let sample = Self.sample(snapshot, muted: media.controls.isMuted)
        let metrics = entry.monitor.sample(sample, at: clock.now)
        quality[callID] = entry
        emit(metrics)
    }

    private func emit(_ metrics: [MediaMetric]) {
        for metric in metrics {
            hub.emit(.mediaMetrics(PlivoMediaMetric(group: metric.group, level: metric.level, type: metric.type,
                                                    value: metric.value, active: metric.active, desc: metric.desc,
                                                    stream: metric.stream)))
        }
    }

    /// The monitor's sample from the media counters: RTT from RTCP, our receive jitter, the
    /// peer's view of ours (its report's jitter at the codec's clock), the packet counts and the
    /// peak levels in dBFS.
    static func sample(_ snapshot: MediaStatisticsSnapshot, muted: Bool) -> QualitySample {
        let clockRate = snapshot.codec.lowercased().contains("opus") ? 48_000.0 : 8_000.0
        let rtt = snapshot.engine.roundTripTime.map { Double($0.saturatingNanoseconds) / 1_000_000 }
        let localJitter = Double(snapshot.engine.remoteJitterUnits) / clockRate * 1000
        let remoteJitter = Double(snapshot.jitter.saturatingNanoseconds) / 1_000_000
        func level(_ peak: Int16) -> Double {
            peak == 0 ? -100 : max(-100, 20 * log10(Double(peak) / 32_768))
        }
        return QualitySample(rtt: rtt, localJitter: localJitter, remoteJitter: remoteJitter,
                             packetsSent: snapshot.engine.packetsSent,
                             packetsLostByRemote: snapshot.engine.remoteCumulativeLost,
                             packetsReceived: snapshot.engine.packetsReceived, packetsLostLocally: snapshot.packetsLost,
                             localLevel: level(snapshot.inputPeak), remoteLevel: level(snapshot.outputPeak), muted: muted)
    }
}

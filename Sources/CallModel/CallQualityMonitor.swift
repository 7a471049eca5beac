import AudioPipeline
import StackCore

/// The seed's `mediaMetrics` warnings for one call, as a pure value (the Plivo SDK's
/// `mediaMetrics.ts`, `rtpStats.ts` and `iceConnectionCheck`): the owner feeds it the answer
/// time, a ``QualitySample`` every 5 s and the ICE and mute-detection events, and emits the
/// ``MediaMetric``s it returns, in order.
///
/// - **Gate:** nothing is returned unless `enableQualityTracking` is `all` with
///   `enableTracking`, or `localonly`.
/// - **Sampling:** samples before the answer are ignored; packet loss and MOS are computed from
///   the first sample after it, but warnings are judged only from 5 s after the answer.
/// - **Windows:** each warning keeps its own list and judges 3 samples every 2 samples (the
///   windows overlap by one); at least 2 offending samples of 3 raise it (`active: true`,
///   repeated at each judgement while it holds), the first judgement without them clears it
///   (`active: false`, value `0`, once).
///
/// The warnings (`type`: condition → value; `desc` / `stream`):
/// - `high_rtt`: rtt > 400 ms → mean of the high ones, `toFixed(2)`; `high latency` / `None`.
/// - `high_jitter`: jitter > 30 ms, each way → mean of the high ones; `jitterLocalMeasures` /
///   `local`, `jitterRemoteMeasures` / `remote`.
/// - `low_mos`: MOS < 3.5 → the first low one; `mosRemoteMeasure` / `None`.
/// - `high_packetloss`: fraction lost ≥ 0.02, each way → mean rounded to 3 decimals;
///   `packetLossLocalMeasure` / `local`, `packetLossRemoteMeasure` / `remote`.
/// - `no_audio_received` (group `audio`): 2 identical levels (the local stream is skipped while
///   muted) → that level in dB; `local_audio` / `local`, `remote_audio` / `remote`.
/// - `ice_connection`: ICE `disconnected` or `failed` → the state, cleared by `connected`
///   (`active: false`, value `connected`); `network drop` / `None`.
/// - `ice_timeout`: ICE gathering cut off at 2 s → `2000`, once, never cleared;
///   `Possible NAT/Firewall issue` / `None`.
/// - `speaking_on_mute` (group `audio`): speech while muted → ``MediaMetric/speakingOnMute``.
///
/// The `desc` strings are the seed's (`packetLossLocalMeasure`, `mosRemoteMeasure`; the SDK's
/// code adds a final `s`). Numbers are written as JavaScript writes them (``JSNumberFormat``).
/// A missing rtt, jitter or MOS takes its place in the window without offending.
public struct CallQualityMonitor: Sendable {
    /// How often the owner takes a ``QualitySample`` (the SDK's `GETSTATS_INTERVAL`).
    public static let sampleInterval: Duration = .seconds(5)
    /// How long after the answer warnings start to be judged (`STATS_ANALYSIS_WAIT_TIME`).
    public static let analysisDelay: Duration = .seconds(5)

    /// Whether this monitor emits anything (the gate, fixed at creation).
    public let emitsMetrics: Bool
    /// When the call was answered (nil before).
    public private(set) var answeredAt: StackInstant?
    /// The fractions lost in the interval of the last sample.
    public private(set) var fractionLoss: FractionLoss?
    /// The MOS of the last sample (the lower of the two legs'), nil on the first sample and when
    /// it could not be computed.
    public private(set) var mos: Double?

    private var previous: QualitySample?
    private var rtt = MetricWindow(.highRTT, group: "network", type: "high_rtt", desc: "high latency", stream: "None")
    private var localJitter = MetricWindow(.highJitter, group: "network", type: "high_jitter",
                                           desc: "jitterLocalMeasures", stream: "local")
    private var lowMOS = MetricWindow(.lowMOS, group: "network", type: "low_mos", desc: "mosRemoteMeasure",
                                      stream: "None")
    private var localLoss = MetricWindow(.highPacketLoss, group: "network", type: "high_packetloss",
                                         desc: "packetLossLocalMeasure", stream: "local")
    private var localAudio = MetricWindow(.frozenLevel, group: "audio", type: "no_audio_received", desc: "local_audio",
                                          stream: "local")
    private var remoteJitter = MetricWindow(.highJitter, group: "network", type: "high_jitter",
                                            desc: "jitterRemoteMeasures", stream: "remote")
    private var remoteLoss = MetricWindow(.highPacketLoss, group: "network", type: "high_packetloss",
                                          desc: "packetLossRemoteMeasure", stream: "remote")
    private var remoteAudio = MetricWindow(.frozenLevel, group: "audio", type: "no_audio_received",
                                           desc: "remote_audio", stream: "remote")
    private var iceConnectionWarning = false
    private var iceTimeoutReported = false

    /// A monitor for one call, with the seed's `enableTracking` and `enableQualityTracking`.
    public init(enableTracking: Bool = true, enableQualityTracking: QualityTrackingMode = .all) {
        emitsMetrics = enableQualityTracking.emitsMediaMetrics(enableTracking: enableTracking)
    }

    /// The call was answered (the ACK): sampling starts; the first call counts.
    public mutating func answered(at instant: StackInstant) {
        if answeredAt == nil { answeredAt = instant }
    }

    /// One 5 s statistics tick taken at `instant`; returns the warnings judged, in the SDK's
    /// order: rtt, local jitter, MOS, local loss, local audio, remote jitter, remote loss,
    /// remote audio.
    public mutating func sample(_ sample: QualitySample, at instant: StackInstant) -> [MediaMetric] {
        guard let answeredAt else { return [] }
        let loss = FractionLoss(from: previous, to: sample)
        let mos = previous == nil ? nil : Self.mos(rtt: sample.rtt, localJitter: sample.localJitter,
                                                   remoteJitter: sample.remoteJitter, loss: loss)
        previous = sample
        fractionLoss = loss
        self.mos = mos
        guard emitsMetrics, instant >= answeredAt.advanced(by: Self.analysisDelay) else { return [] }
        var events = [
            rtt.add(sample.rtt),
            localJitter.add(sample.localJitter),
            lowMOS.add(mos),
            localLoss.add(loss.local),
        ]
        if !sample.muted {
            events.append(localAudio.add(sample.localLevel))
        }
        events += [
            remoteJitter.add(sample.remoteJitter),
            remoteLoss.add(loss.remote),
            remoteAudio.add(sample.remoteLevel),
        ]
        return events.compactMap { $0 }
    }

    /// The ICE connection state changed (the W3C `iceConnectionState` string, e.g.
    /// `ICEConnectionState.rawValue`): `disconnected` and `failed` warn each time, `connected`
    /// clears a warning once; other states say nothing.
    public mutating func iceConnectionChanged(_ state: String) -> [MediaMetric] {
        switch state {
        case "disconnected", "failed":
            iceConnectionWarning = true
            return gated(Self.iceConnection(state, active: true))
        case "connected" where iceConnectionWarning:
            iceConnectionWarning = false
            return gated(Self.iceConnection(state, active: false))
        default:
            return []
        }
    }

    /// ICE gathering was cut off at 2 s before it completed: `ice_timeout`, once per call.
    public mutating func iceGatheringTimedOut() -> [MediaMetric] {
        guard !iceTimeoutReported else { return [] }
        iceTimeoutReported = true
        return gated(MediaMetric(group: "network", type: "ice_timeout", value: "2000", active: true,
                                 desc: "Possible NAT/Firewall issue", stream: "None"))
    }

    /// Speech was detected on the muted microphone: ``MediaMetric/speakingOnMute`` (every time).
    public func speakingWhileMuted() -> [MediaMetric] {
        gated(.speakingOnMute)
    }

    /// The SDK's MOS for one interval: ``EModel`` for the local leg (rtt, local jitter, local
    /// loss) and the remote leg (rtt, remote jitter, remote loss), the lower kept; a leg without
    /// jitter is skipped, and nothing is computed without an rtt or with rtt 0.
    public static func mos(rtt: Double?, localJitter: Double?, remoteJitter: Double?, loss: FractionLoss) -> Double? {
        guard let rtt, rtt != 0 else { return nil }
        let local = localJitter.map { EModel.mos(rtt: rtt, jitter: $0, loss: loss.local) }
        let remote = remoteJitter.map { EModel.mos(rtt: rtt, jitter: $0, loss: loss.remote) }
        return [local, remote].compactMap { $0 }.min()
    }

    private static func iceConnection(_ state: String, active: Bool) -> MediaMetric {
        MediaMetric(group: "network", type: "ice_connection", value: state, active: active, desc: "network drop",
                    stream: "None")
    }

    private func gated(_ metric: MediaMetric) -> [MediaMetric] {
        emitsMetrics ? [metric] : []
    }
}

import AudioPipeline
import CallModel
import StackCore
import Testing

/// The seed's mediaMetrics (§6): gating, the 5 s analysis delay, the 3-sample windows judged
/// every 2 samples, thresholds, values and clearing, as exact event lists per 5 s tick.
@Suite struct CallQualityMonitorTests {
    // MARK: Building samples and events

    /// Tick `i` (1-based, 5 s apart) of a healthy call: 250 packets each way per tick, rtt
    /// 100 ms, jitter 5 ms, levels that change every tick; lost counts are cumulative.
    func tick(_ i: Int, rtt: Double? = 100, localJitter: Double? = 5, remoteJitter: Double? = 5, lostByRemote: Int = 0,
              lostLocally: Int = 0, localLevel: Double? = nil, remoteLevel: Double? = nil,
              muted: Bool = false) -> QualitySample {
        QualitySample(rtt: rtt, localJitter: localJitter, remoteJitter: remoteJitter, packetsSent: 250 * i,
                      packetsLostByRemote: lostByRemote, packetsReceived: 250 * i - lostLocally,
                      packetsLostLocally: lostLocally, localLevel: localLevel ?? -40 - Double(i),
                      remoteLevel: remoteLevel ?? -60 - Double(i), muted: muted)
    }

    func at(seconds: Int) -> StackInstant {
        StackInstant.zero.advanced(by: .seconds(seconds))
    }

    /// Answers at 0 and feeds `samples` at 5 s, 10 s, …; the events of each tick.
    func run(_ samples: [QualitySample], monitor: inout CallQualityMonitor) -> [[MediaMetric]] {
        monitor.answered(at: .zero)
        return samples.enumerated().map { index, sample in monitor.sample(sample, at: at(seconds: 5 * (index + 1))) }
    }

    func run(_ samples: [QualitySample]) -> [[MediaMetric]] {
        var monitor = CallQualityMonitor()
        return run(samples, monitor: &monitor)
    }

    /// A `network` warning.
    func network(_ type: String, _ desc: String, _ stream: String, _ value: String, _ active: Bool) -> MediaMetric {
        MediaMetric(group: "network", type: type, value: value, active: active, desc: desc, stream: stream)
    }

    func highRTT(_ value: String, _ active: Bool) -> MediaMetric {
        network("high_rtt", "high latency", "None", value, active)
    }

    func highJitter(_ stream: String, _ value: String, _ active: Bool) -> MediaMetric {
        network("high_jitter", stream == "local" ? "jitterLocalMeasures" : "jitterRemoteMeasures", stream, value, active)
    }

    func lowMOS(_ value: String, _ active: Bool) -> MediaMetric {
        network("low_mos", "mosRemoteMeasure", "None", value, active)
    }

    func highLoss(_ stream: String, _ value: String, _ active: Bool) -> MediaMetric {
        network("high_packetloss", stream == "local" ? "packetLossLocalMeasure" : "packetLossRemoteMeasure", stream,
                value, active)
    }

    func iceConnection(_ value: String, _ active: Bool) -> MediaMetric {
        network("ice_connection", "network drop", "None", value, active)
    }

    func noAudio(_ stream: String, _ value: String, _ active: Bool) -> MediaMetric {
        MediaMetric(group: "audio", type: "no_audio_received", value: value, active: active,
                    desc: "\(stream)_audio", stream: stream)
    }

    let iceTimeout = MediaMetric(group: "network", type: "ice_timeout", value: "2000", active: true,
                                 desc: "Possible NAT/Firewall issue", stream: "None")

    // MARK: Windows, thresholds, values

    @Test("high_rtt: judged at ticks 3, 5, 7 over 3 samples; re-raised while it holds, cleared once with 0")
    func rttWindows() {
        let rtts: [Double] = [450, 500, 100, 420, 430, 100, 100, 100, 100]
        // Jitter unmeasured: no MOS, so only the rtt window speaks.
        let events = run(rtts.enumerated().map { tick($0 + 1, rtt: $1, localJitter: nil, remoteJitter: nil) })
        #expect(events == [
            [], [],
            [highRTT("475.00", true)],  // [450, 500, 100]: mean of 450 and 500
            [],
            [highRTT("425.00", true)],  // [100, 420, 430]
            [],
            [highRTT("0", false)],  // [430, 100, 100]
            [],
            [],  // [100, 100, 100]: already cleared
        ])
    }

    @Test("high_rtt's mean is toFixed(2): 400.625 (a binary tie) is 400.63; exactly 400 ms does not offend")
    func rttValue() {
        let tie = run([400.25, 401, 50].enumerated().map { tick($0 + 1, rtt: $1, localJitter: nil, remoteJitter: nil) })
        #expect(tie == [[], [], [highRTT("400.63", true)]])
        let edge = run([400, 400, 400].enumerated().map { tick($0 + 1, rtt: $1, localJitter: nil, remoteJitter: nil) })
        #expect(edge == [[], [], []])
    }

    @Test("high_jitter: local and remote judged separately; the mean as JavaScript writes it")
    func jitterWindows() {
        let local: [Double] = [40, 35, 10, 31, 32, 31, 31]
        let remote: [Double] = [10, 50, 60, 10, 10, 10, 30]
        let samples = (0..<7).map { tick($0 + 1, rtt: nil, localJitter: local[$0], remoteJitter: remote[$0]) }
        #expect(run(samples) == [
            [], [],
            [highJitter("local", "37.5", true), highJitter("remote", "55", true)],
            [],
            [highJitter("local", "31.5", true), highJitter("remote", "0", false)],
            [],
            [highJitter("local", "31.333333333333332", true)],  // (32 + 31 + 31) / 3; remote 30 is not > 30
        ])
    }

    @Test("low_mos: the lower leg's E-model MOS below 3.5 in 2 of 3 samples; the value is the first low one")
    func mosWindows() {
        // (rtt, jitter) per tick; MOS: tick 1 none (first interval), (350, 30) → 3.264, (400, 30) → 3.006,
        // (100, 10) → 4.338. rtt 400 and jitter 30 are at, not above, their thresholds.
        let links: [(Double, Double)] = [(350, 30), (350, 30), (400, 30), (100, 10), (400, 30), (100, 10), (100, 10)]
        var monitor = CallQualityMonitor()
        monitor.answered(at: .zero)
        var events: [[MediaMetric]] = []
        var scores: [Double?] = []
        for (index, link) in links.enumerated() {
            let sample = tick(index + 1, rtt: link.0, localJitter: link.1, remoteJitter: link.1)
            events.append(monitor.sample(sample, at: at(seconds: 5 * (index + 1))))
            scores.append(monitor.mos)
        }
        #expect(scores == [nil, 3.264, 3.006, 4.338, 3.006, 4.338, 4.338])
        #expect(events == [
            [], [],
            [lowMOS("3.264", true)],  // [none, 3.264, 3.006]
            [],
            [lowMOS("3.006", true)],  // [3.006, 4.338, 3.006]
            [],
            [lowMOS("0", false)],  // [3.006, 4.338, 4.338]
        ])
    }

    @Test("MOS: both legs, the lower kept; a leg without jitter skipped; nothing without rtt or with rtt 0")
    func mosLegs() {
        let clean = FractionLoss(local: 0, remote: 0)
        // local leg (100, 10) → 4.338; remote leg: EL = 100 + 100 + 10 = 210, R = 84.2 → 4.172
        #expect(CallQualityMonitor.mos(rtt: 100, localJitter: 10, remoteJitter: 50, loss: clean) == 4.172)
        #expect(CallQualityMonitor.mos(rtt: 100, localJitter: 10, remoteJitter: nil, loss: clean) == 4.338)
        // the remote leg's loss: R = 89.95 − 12.5 = 77.45 → 3.924
        #expect(CallQualityMonitor.mos(rtt: 100, localJitter: 10, remoteJitter: 10,
                                       loss: FractionLoss(local: 0, remote: 0.05)) == 3.924)
        #expect(CallQualityMonitor.mos(rtt: 0, localJitter: 10, remoteJitter: 10, loss: clean) == nil)
        #expect(CallQualityMonitor.mos(rtt: nil, localJitter: 10, remoteJitter: 10, loss: clean) == nil)
        #expect(CallQualityMonitor.mos(rtt: 100, localJitter: nil, remoteJitter: nil, loss: clean) == nil)
    }

    @Test("high_packetloss: per-interval fractions (the first cumulative), ≥ 0.02, mean to 3 decimals")
    func lossWindows() {
        // local (our packets the remote lost, of 250 a tick): 5, 10, 0, 6, 8, 5, 6, 0, 0
        //   → 0.02, 0.04, 0, 0.024, 0.032, 0.02, 0.024, 0, 0
        // remote (lost of 250 sent to us): 10, 20, 0, 0, 0 → 0.04, 0.08, 0, 0, 0
        let localLost = [5, 15, 15, 21, 29, 34, 40, 40, 40]
        let remoteLost = [10, 30, 30, 30, 30, 30, 30, 30, 30]
        let samples = (0..<9).map { tick($0 + 1, lostByRemote: localLost[$0], lostLocally: remoteLost[$0]) }
        #expect(run(samples) == [
            [], [],
            [highLoss("local", "0.03", true), highLoss("remote", "0.06", true)],
            [],
            [highLoss("local", "0.028", true), highLoss("remote", "0", false)],  // [0, 0.024, 0.032]
            [],
            [highLoss("local", "0.025", true)],  // [0.032, 0.02, 0.024]: 0.0253… → 0.025
            [],
            [highLoss("local", "0", false)],
        ])
    }

    @Test("no_audio_received: 2 of 3 identical levels, the level in dB; cleared when the level moves")
    func frozenLevels() {
        let local: [Double] = [-40, -40, -35, -30, -30, -20, -10]
        let samples = (0..<7).map { tick($0 + 1, localLevel: local[$0]) }
        #expect(run(samples) == [
            [], [], [noAudio("local", "-40", true)], [], [noAudio("local", "-30", true)], [],
            [noAudio("local", "0", false)],
        ])
        let remote = run((1...3).map { tick($0, remoteLevel: -45.5) })
        #expect(remote == [[], [], [noAudio("remote", "-45.5", true)]])
    }

    @Test("no_audio_received: the local level is not looked at while muted (it does not enter the window)")
    func mutedLocalLevel() {
        let samples = [
            tick(1, localLevel: -100, muted: true), tick(2, localLevel: -100, muted: true),
            tick(3, localLevel: -100, muted: true), tick(4, localLevel: -40), tick(5, localLevel: -41),
            tick(6, localLevel: -41),
        ]
        #expect(run(samples) == [[], [], [], [], [], [noAudio("local", "-41", true)]])
    }

    @Test("every warning at once, in the SDK's order; then all cleared in the same order")
    func allWarnings() {
        // Ticks 1–3: rtt 450, jitter 40 both ways, 25 of 250 lost both ways (0.1), frozen levels.
        // MOS (ticks 2, 3): EL = 450 + 80 + 10 = 540, R = 93.2 − 42 − 25 = 26.2 → 1.4595… → 1.46.
        let bad = (1...3).map {
            tick($0, rtt: 450, localJitter: 40, remoteJitter: 40, lostByRemote: 25 * $0, lostLocally: 25 * $0,
                 localLevel: -40, remoteLevel: -60)
        }
        let good = (4...7).map { tick($0, lostByRemote: 75, lostLocally: 75) }
        let raised = [
            highRTT("450.00", true), highJitter("local", "40", true), lowMOS("1.46", true),
            highLoss("local", "0.1", true), noAudio("local", "-40", true), highJitter("remote", "40", true),
            highLoss("remote", "0.1", true), noAudio("remote", "-60", true),
        ]
        let cleared = [
            highRTT("0", false), highJitter("local", "0", false), lowMOS("0", false), highLoss("local", "0", false),
            noAudio("local", "0", false), highJitter("remote", "0", false), highLoss("remote", "0", false),
            noAudio("remote", "0", false),
        ]
        #expect(run(bad + good) == [[], [], raised, [], cleared, [], []])
    }

    // MARK: Timing and gating

    @Test("samples before the answer are ignored; loss and MOS start at once, warnings 5 s after the answer")
    func analysisDelay() {
        var monitor = CallQualityMonitor()
        let early = tick(1, rtt: 450, localJitter: nil, remoteJitter: nil)
        #expect(monitor.sample(early, at: at(seconds: 1)) == [])
        #expect(monitor.fractionLoss == nil)
        monitor.answered(at: at(seconds: 2))
        // 3 s after the answer: not judged, but its 100 lost packets (0.4) are behind the baseline.
        let first = tick(1, rtt: 450, localJitter: nil, remoteJitter: nil, lostByRemote: 100)
        #expect(monitor.sample(first, at: at(seconds: 5)) == [])
        #expect(monitor.fractionLoss == FractionLoss(local: 0.4, remote: 0))
        #expect(monitor.mos == nil)
        var events: [[MediaMetric]] = []
        for (index, seconds) in [7, 12, 17].enumerated() {
            let sample = tick(index + 2, rtt: 450, localJitter: nil, remoteJitter: nil, lostByRemote: 100)
            events.append(monitor.sample(sample, at: at(seconds: seconds)))
        }
        #expect(events == [[], [], [highRTT("450.00", true)]])  // 7 s is exactly 5 s after: judged
        #expect(monitor.fractionLoss == FractionLoss(local: 0, remote: 0))
    }

    @Test("the gate: all with enableTracking, or localonly; remoteonly, none and all without tracking say nothing")
    func gate() {
        let silent: [CallQualityMonitor] = [
            CallQualityMonitor(enableTracking: false, enableQualityTracking: .all),
            CallQualityMonitor(enableTracking: true, enableQualityTracking: .remoteOnly),
            CallQualityMonitor(enableTracking: true, enableQualityTracking: .disabled),
        ]
        let bad = (1...3).map { tick($0, rtt: 450, localJitter: nil, remoteJitter: nil, localLevel: -40) }
        for var monitor in silent {
            #expect(!monitor.emitsMetrics)
            #expect(run(bad, monitor: &monitor) == [[], [], []])
            #expect(monitor.iceConnectionChanged("failed") == [])
            #expect(monitor.iceGatheringTimedOut() == [])
            #expect(monitor.speakingWhileMuted() == [])
        }
        var local = CallQualityMonitor(enableTracking: false, enableQualityTracking: .localOnly)
        #expect(local.emitsMetrics)
        #expect(local.speakingWhileMuted() == [.speakingOnMute])
        #expect(run(bad, monitor: &local)[2] == [highRTT("450.00", true), noAudio("local", "-40", true)])
        #expect(CallQualityMonitor().emitsMetrics)
    }

    @Test("enableQualityTracking: the seed's lowercase values, any case; which feature each enables")
    func trackingModes() {
        #expect(QualityTrackingMode(parsing: "ALL") == .all)
        #expect(QualityTrackingMode(parsing: "RemoteOnly") == .remoteOnly)
        #expect(QualityTrackingMode(parsing: "localonly") == .localOnly)
        #expect(QualityTrackingMode(parsing: "none") == .disabled)
        #expect(QualityTrackingMode(parsing: "off") == nil)
        #expect(QualityTrackingMode.allCases.map { $0.emitsMediaMetrics(enableTracking: true) }
            == [true, false, true, false])
        #expect(QualityTrackingMode.allCases.map { $0.emitsMediaMetrics(enableTracking: false) }
            == [false, false, true, false])
        #expect(QualityTrackingMode.allCases.map { $0.sendsCallQualityStats(enableTracking: true) }
            == [true, true, false, false])
        #expect(QualityTrackingMode.allCases.map { $0.sendsCallQualityStats(enableTracking: false) }
            == [false, true, false, false])
    }

    // MARK: ICE and mute

    @Test("ice_connection: disconnected and failed warn each time; connected clears once; other states are silent")
    func iceConnection() {
        var monitor = CallQualityMonitor()
        let states = ["checking", "connected", "disconnected", "failed", "checking", "connected", "connected", "closed"]
        #expect(states.map { monitor.iceConnectionChanged($0) } == [
            [], [],
            [iceConnection("disconnected", true)],
            [iceConnection("failed", true)],
            [],
            [iceConnection("connected", false)],
            [], [],
        ])
    }

    @Test("ice_timeout once per call, never cleared; speaking_on_mute every time")
    func timeoutAndMute() {
        var monitor = CallQualityMonitor()
        #expect(monitor.iceGatheringTimedOut() == [iceTimeout])
        #expect(monitor.iceGatheringTimedOut() == [])
        #expect(monitor.speakingWhileMuted() == [.speakingOnMute])
        #expect(monitor.speakingWhileMuted() == [.speakingOnMute])
        #expect(CallQualityMonitor.sampleInterval == .seconds(5))
        #expect(CallQualityMonitor.analysisDelay == .seconds(5))
    }
}

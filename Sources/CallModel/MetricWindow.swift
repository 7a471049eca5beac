import AudioPipeline

/// One `mediaMetrics` warning fed a value per statistics tick (`mediaMetrics.ts`): the list
/// keeps up to 2 values; the third is appended, the 3 are judged and the first 2 dropped, so a
/// judgement comes every 2 ticks over 3 ticks overlapping by one. While the condition holds each
/// judgement reports `active: true`; the first judgement after it clears reports
/// `active: false` with value `0`, once.
struct MetricWindow: Sendable {
    /// The rule judging the window.
    let condition: QualityCondition
    /// The event's `group`, `type`, `desc` and `stream`.
    let group: String
    let type: String
    let desc: String
    let stream: String
    /// The values waiting for the next judgement (0 to 2).
    private(set) var pending: [Double?] = []
    /// Whether the warning is raised.
    private(set) var active = false

    init(_ condition: QualityCondition, group: String, type: String, desc: String, stream: String) {
        self.condition = condition
        self.group = group
        self.type = type
        self.desc = desc
        self.stream = stream
    }

    /// Adds one tick's value (nil: not measured); returns the event of a judgement, if any.
    mutating func add(_ value: Double?) -> MediaMetric? {
        guard pending.count == 2 else {
            pending.append(value)
            return nil
        }
        let window = pending + [value]
        pending = [value]
        if let reported = condition.value(over: window) {
            active = true
            return metric(value: reported, active: true)
        }
        guard active else { return nil }
        active = false
        return metric(value: "0", active: false)
    }

    private func metric(value: String, active: Bool) -> MediaMetric {
        MediaMetric(group: group, type: type, value: value, active: active, desc: desc, stream: stream)
    }
}

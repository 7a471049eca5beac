/// A sum of sines switched on and off by a cadence: a ringing tone (on 2 s, off 4 s, again and
/// again), a dial tone (always on), a DTMF digit (on 200 ms, then the source ends).
///
/// The tone itself comes from a ``ToneSource`` (phase-continuous phasors), read only while the
/// cadence is on. Cadence boundaries are sample-exact: an interval of `d` lasts
/// `round(d · sampleRate)` samples, counted from the first sample read. Each on interval fades
/// in and out with a short linear ramp (``rampDuration``, 5 ms by default, at most half the
/// interval) inside the interval, so switching makes no click; off intervals are exact zeros.
///
/// A finite cadence (``Cadence/repeats`` false) ends after its last interval: the read that
/// reaches the end pads the frame with silence and returns true, every later read returns
/// false with silence. ``read(into:)`` never allocates. Non-Sendable; confine it to one thread.
public final class CadencedToneSource: AudioFrameSource {
    /// When a cadenced tone sounds: alternating on and off intervals, starting with on.
    public struct Cadence: Sendable, Hashable, CustomStringConvertible {
        /// The intervals, alternately on and off, the first one on. Empty means always on.
        public var intervals: [Duration]
        /// Whether the intervals start over after the last one; when false the source ends.
        public var repeats: Bool

        /// A cadence of `intervals` (on, off, on, …), repeated or played once.
        public init(intervals: [Duration], repeats: Bool) {
            self.intervals = intervals
            self.repeats = repeats
        }

        /// Always on; never ends.
        public static let continuous = Cadence(intervals: [], repeats: true)

        /// On for `on`, off for `off`, again and again (a ringing cadence).
        public static func repeating(on: Duration, off: Duration) -> Cadence {
            Cadence(intervals: [on, off], repeats: true)
        }

        /// On for `duration`, then the source ends (a DTMF digit, a beep).
        public static func once(_ duration: Duration) -> Cadence {
            Cadence(intervals: [duration], repeats: false)
        }

        /// For example `on 2.0 s, off 4.0 s, repeating`, or `continuous`.
        public var description: String {
            guard !intervals.isEmpty else { return repeats ? "continuous" : "silent" }
            let parts = intervals.enumerated().map { index, interval in
                "\(index % 2 == 0 ? "on" : "off") \(Double(interval.saturatingNanoseconds) / 1e9) s"
            }
            return parts.joined(separator: ", ") + (repeats ? ", repeating" : ", once")
        }
    }

    /// Samples per second per channel.
    public let sampleRate: Int
    /// Interleaved channels; every channel carries the same signal.
    public let channels: Int
    /// The frequencies summed, in Hz.
    public let frequencies: [Double]
    /// The peak amplitude of each component, as a fraction of full scale.
    public let amplitude: Double
    /// When the tone sounds.
    public let cadence: Cadence
    /// The length of the fade at each edge of an on interval.
    public let rampDuration: Duration

    /// The tone read during on intervals.
    private let tone: ToneSource
    /// Each interval's length in samples per channel (`Int.max` for a continuous tone).
    private let lengths: [Int]
    /// The ramp length in samples per channel, before clamping to half an interval.
    private let rampSamples: Int
    /// The interval playing, and the samples of it already played.
    private var interval = 0
    private var offset = 0
    /// Whether a finite cadence has played all its intervals.
    public private(set) var isFinished: Bool
    /// Samples per channel produced so far, silence included (the sample-exact timeline).
    public private(set) var position = 0

    /// A tone of `frequencies` (each component with peak `amplitude`, a fraction of full scale;
    /// the sum is clamped to full scale) sounding as `cadence` says, with a linear fade of
    /// `rampDuration` at each edge.
    ///
    /// A cadence whose intervals add up to nothing ends at once (or, when `intervals` is empty,
    /// never: a continuous tone).
    public init(frequencies: [Double], amplitude: Double, cadence: Cadence,
                rampDuration: Duration = .milliseconds(5), sampleRate: Int = 48_000, channels: Int = 1) {
        self.sampleRate = max(sampleRate, 1)
        self.channels = max(channels, 1)
        self.frequencies = frequencies
        self.amplitude = amplitude
        self.cadence = cadence
        self.rampDuration = rampDuration
        tone = ToneSource(frequencies: frequencies, sampleRate: self.sampleRate, amplitude: amplitude,
                          channels: self.channels)
        let rate = self.sampleRate
        if cadence.intervals.isEmpty {
            lengths = [Int.max]
        } else {
            lengths = cadence.intervals.map { Self.samples(in: $0, rate: rate) }
        }
        rampSamples = Self.samples(in: rampDuration, rate: rate)
        isFinished = lengths.allSatisfy { $0 == 0 }
        skipEmptyIntervals()
    }

    /// `duration` in samples at `rate`, rounded to the nearest sample; negative durations are 0.
    static func samples(in duration: Duration, rate: Int) -> Int {
        let nanoseconds = max(duration.saturatingNanoseconds, 0)
        let (high, low) = nanoseconds.multipliedFullWidth(by: Int64(max(rate, 1)))
        guard high == 0, low <= UInt64(Int64.max) - 500_000_000 else { return Int.max }
        return Int((low + 500_000_000) / 1_000_000_000)
    }

    /// Fills `frame` with the next samples: the tone where the cadence is on (faded at the
    /// edges), zeros where it is off or after a finite cadence ended. Returns false, with
    /// silence, when the cadence had already ended before this read.
    public func read(into frame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        guard !isFinished else {
            frame.update(repeating: 0)
            return false
        }
        let frameCount = frame.count / channels
        var done = 0
        while done < frameCount {
            guard !isFinished else {
                for index in (done * channels)..<(frameCount * channels) { frame[index] = 0 }
                break
            }
            let length = lengths[interval]
            let count = min(frameCount - done, length - offset)
            let part = UnsafeMutableBufferPointer(rebasing: frame[(done * channels)..<((done + count) * channels)])
            if interval % 2 == 0 {
                _ = tone.read(into: part)
                applyRamps(to: part, count: count, length: length)
            } else {
                part.update(repeating: 0)
            }
            done += count
            offset += count
            if offset == length { advanceInterval() }
        }
        for index in (frameCount * channels)..<frame.count { frame[index] = 0 }
        position += frameCount
        return true
    }

    /// Scales the samples of an on interval that fall in its fade-in or fade-out.
    /// `part` holds `count` samples per channel starting at ``offset`` within an interval of
    /// `length` samples (`Int.max`: a continuous tone, which only fades in).
    private func applyRamps(to part: UnsafeMutableBufferPointer<Int16>, count: Int, length: Int) {
        let ramp = min(rampSamples, length / 2)
        guard ramp > 0 else { return }
        let step = 1 / Double(ramp)
        let end = offset + count
        // Fade-in: gain sample/ramp over the first `ramp` samples (0 at the first one).
        var sample = offset
        while sample < min(end, ramp) {
            scale(part, at: sample - offset, by: Double(sample) * step)
            sample += 1
        }
        // Fade-out: gain (length − 1 − sample)/ramp over the last `ramp` (0 at the last one).
        guard length != Int.max else { return }
        sample = max(offset, length - ramp)
        while sample < end {
            scale(part, at: sample - offset, by: Double(length - 1 - sample) * step)
            sample += 1
        }
    }

    /// Multiplies every channel of frame `index` in `part` by `gain`.
    @inline(__always)
    private func scale(_ part: UnsafeMutableBufferPointer<Int16>, at index: Int, by gain: Double) {
        for channel in 0..<channels {
            let position = index * channels + channel
            part[position] = Int16((Double(part[position]) * gain).rounded())
        }
    }

    /// Moves to the next interval (wrapping or finishing), skipping empty ones.
    private func advanceInterval() {
        offset = 0
        interval += 1
        if interval == lengths.count {
            if cadence.repeats {
                interval = 0
            } else {
                isFinished = true
                return
            }
        }
        skipEmptyIntervals()
    }

    /// Skips intervals of zero samples (at most one pass over the cadence; a cadence of only
    /// empty intervals was marked finished in `init`).
    private func skipEmptyIntervals() {
        guard !isFinished else { return }
        while lengths[interval] == 0 {
            interval += 1
            if interval == lengths.count {
                guard cadence.repeats else {
                    isFinished = true
                    return
                }
                interval = 0
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides, frame by frame, whether someone is speaking into the microphone: the SDK's
/// `speaking_on_mute` warning (voice on the microphone while the call is muted).
///
/// The design, per frame of any size:
/// - **Speech band.** Channel 0 goes through a 200 Hz high-pass and a 3.8 kHz low-pass (3.6 kHz
///   at 8 kHz; second-order Butterworth each); the frame's energy is the mean square of what is
///   left. Hum, rumble and hiss above the telephone band hardly count (white noise at 48 kHz
///   keeps about a sixth of its power).
/// - **Adaptive noise floor.** The floor is the smallest band energy of the last 0.5–0.625 s
///   (minimum statistics over four complete 125 ms blocks and the current one). Steady sounds,
///   noise or a tone, are the floor from their first frame when they are there from the start,
///   and within 0.625 s when they start later; speech, which pauses between syllables and words,
///   keeps dropping back to the floor beneath it.
/// - **Decision.** A frame is *active* when its band energy is 6 dB above the floor (3 dB while
///   speech is on) and above −55 dBFS. Speech starts after 100 ms of active frames (evidence
///   drains as fast as it fills) and ends after 300 ms without an active frame.
///
/// A steady sound that starts after silence reads as an onset until the floor has risen to it:
/// speech for at most about 0.9 s (0.625 s plus the hangover). Sounds whose level keeps
/// changing (keyboard, music) are speech to this detector.
///
/// A value type with no allocation per frame (as long as its storage is not shared with a copy).
public struct VoiceActivityDetector: Sendable {
    /// Sample rate in Hz of the frames given to `process`, 8000…384000.
    public let sampleRate: Int

    private static let blockSeconds = 0.125
    private static let blockCount = 4
    private static let startRatio = 3.98        // 6 dB
    private static let keepRatio = 2.0          // 3 dB
    private static let absoluteMinimum = 3.16e-6  // −55 dBFS band power
    private static let onsetSeconds = 0.1
    private static let hangoverSeconds = 0.3

    private var highPass: Biquad
    private var lowPass: Biquad
    private let blockSamples: Int
    /// The minimum band energy of each of the last `blockCount` complete blocks (∞: none yet).
    private var blockMinima: [Double]
    private var nextBlock = 0
    private var blockMinimum = Double.infinity
    private var samplesInBlock = 0
    private var evidence = 0.0
    private var quiet = 0.0
    private var speaking = false

    /// Creates a detector for audio at `sampleRate` Hz (clamped to 8000…384000).
    public init(sampleRate: Int) {
        let rate = min(max(sampleRate, 8000), 384_000)
        self.sampleRate = rate
        highPass = .highPass(cutoff: 200, sampleRate: Double(rate))
        lowPass = .lowPass(cutoff: min(3800, 0.45 * Double(rate)), sampleRate: Double(rate))
        blockSamples = Int(Self.blockSeconds * Double(rate))
        blockMinima = Array(repeating: .infinity, count: Self.blockCount)
    }

    /// Whether speech was detected at the last frame.
    public var isSpeaking: Bool { speaking }

    /// Takes one frame and returns whether speech is detected now.
    ///
    /// `frame` is interleaved with `channels` channels (a value below 1 counts as 1); channel 0 is
    /// read. An empty frame changes nothing.
    public mutating func process(_ frame: UnsafeBufferPointer<Int16>, channels: Int) -> Bool {
        let stride = max(channels, 1)
        let frames = frame.count / stride
        guard frames > 0 else { return speaking }
        var sum = 0.0
        for index in 0..<frames {
            let x = Double(frame[index * stride]) / 32768
            let band = lowPass.process(highPass.process(x))
            sum += band * band
        }
        highPass.flushDenormals()
        lowPass.flushDenormals()
        let energy = sum / Double(frames)
        let floor = updateFloor(energy, frames: frames)
        let ratio = speaking ? Self.keepRatio : Self.startRatio
        let active = energy > max(floor * ratio, Self.absoluteMinimum)
        let seconds = Double(frames) / Double(sampleRate)
        if active {
            evidence = min(evidence + seconds, 2 * Self.onsetSeconds)
            quiet = 0
        } else {
            evidence = max(evidence - seconds, 0)
            quiet += seconds
        }
        if !speaking, evidence >= Self.onsetSeconds - 1e-9 {
            speaking = true
        } else if speaking, quiet >= Self.hangoverSeconds - 1e-9 {
            speaking = false
            evidence = 0
        }
        return speaking
    }

    /// Forgets the noise floor, the filters' state and any speech in progress.
    public mutating func reset() {
        highPass.reset()
        lowPass.reset()
        for index in blockMinima.indices { blockMinima[index] = .infinity }
        nextBlock = 0
        blockMinimum = .infinity
        samplesInBlock = 0
        evidence = 0
        quiet = 0
        speaking = false
    }

    /// Adds the frame's energy to the current block and returns the floor, the minimum over the
    /// current block and the complete ones kept.
    private mutating func updateFloor(_ energy: Double, frames: Int) -> Double {
        blockMinimum = min(blockMinimum, energy)
        var floor = blockMinimum
        for minimum in blockMinima { floor = min(floor, minimum) }
        samplesInBlock += frames
        if samplesInBlock >= blockSamples {
            blockMinima[nextBlock] = blockMinimum
            nextBlock = (nextBlock + 1) % Self.blockCount
            blockMinimum = .infinity
            samplesInBlock = 0
        }
        return floor
    }
}

/// A second-order IIR section (RBJ Audio EQ Cookbook), transposed direct form II.
private struct Biquad: Sendable {
    let b0: Double, b1: Double, b2: Double, a1: Double, a2: Double
    var z1 = 0.0, z2 = 0.0

    /// A Butterworth (Q = 1/√2) high-pass.
    static func highPass(cutoff: Double, sampleRate: Double) -> Biquad {
        let (cosine, alpha) = prewarp(cutoff: cutoff, sampleRate: sampleRate)
        let a0 = 1 + alpha
        return Biquad(b0: (1 + cosine) / 2 / a0, b1: -(1 + cosine) / a0, b2: (1 + cosine) / 2 / a0,
                      a1: -2 * cosine / a0, a2: (1 - alpha) / a0)
    }

    /// A Butterworth (Q = 1/√2) low-pass.
    static func lowPass(cutoff: Double, sampleRate: Double) -> Biquad {
        let (cosine, alpha) = prewarp(cutoff: cutoff, sampleRate: sampleRate)
        let a0 = 1 + alpha
        return Biquad(b0: (1 - cosine) / 2 / a0, b1: (1 - cosine) / a0, b2: (1 - cosine) / 2 / a0,
                      a1: -2 * cosine / a0, a2: (1 - alpha) / a0)
    }

    private static func prewarp(cutoff: Double, sampleRate: Double) -> (cosine: Double, alpha: Double) {
        let omega = 2 * Double.pi * cutoff / sampleRate
        return (cos(omega), sin(omega) / (2 * 0.5.squareRoot()))
    }

    @inline(__always)
    mutating func process(_ x: Double) -> Double {
        let y = b0 * x + z1
        z1 = b1 * x - a1 * y + z2
        z2 = b2 * x - a2 * y
        return y
    }

    mutating func reset() {
        z1 = 0
        z2 = 0
    }

    /// Zeroes a state that has decayed below any audible level, so that silence does not leave
    /// the filter working on subnormal numbers.
    mutating func flushDenormals() {
        if abs(z1) < 1e-25 { z1 = 0 }
        if abs(z2) < 1e-25 { z2 = 0 }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tone the phone plays locally around a call, as the Plivo Browser SDK does with its audio
/// elements (`plivo_ringtone`, `plivo_ringbacktone`, `plivo_connect_tone`, `dtmf0`…`dtmfpound`).
///
/// The SDK's own sounds are mp3 files on its CDN and not ours to ship, so the defaults are
/// synthesised (``defaultSource(sampleRate:channels:)``):
///
/// | tone | default | why |
/// |---|---|---|
/// | ``ringtone``, ``ringback`` | 440 + 480 Hz, on 2 s / off 4 s, looping | the North American ringing tone (ITU-T E.180 Suppl. 2, United States), which the SDK's `us-ring.mp3` is |
/// | ``connect`` | 350 + 440 Hz, continuous | the North American dial tone (same source): the seed's "dial tone plays while the call is being connected" |
/// | ``dtmf(_:)`` | the key's ITU-T Q.23 pair, 200 ms, once | the length of the SDK's `dtmf-<d>.mp3` feedback beeps |
///
/// Every component is at ``defaultComponentLevel`` (−15 dBFS RMS, the level convention of
/// ``ToneAnalyzer``), so two summed components peak at about half of full scale and never clip.
/// Edges fade over 5 ms (``CadencedToneSource``).
public enum CallTone: Sendable, Hashable, CustomStringConvertible {
    /// Played locally for an incoming call (`setRingTone`).
    case ringtone
    /// Played locally while an outgoing call rings (`setRingToneBack`).
    case ringback
    /// Played while an outgoing call is being connected (`setConnectTone`).
    case connect
    /// Local feedback for a keypad press: the DTMF pair of the key (0–9, *, #, A–D).
    case dtmf(Character)

    /// The level of each default tone's components: −15 dBFS RMS (a full-scale sine is
    /// −3.01 dBFS), as ``ToneAnalyzer/rmsDBFS(_:)`` measures.
    public static let defaultComponentLevel = -15.0

    /// The peak amplitude (fraction of full scale) of a sine at ``defaultComponentLevel``:
    /// √2 · 10^(−15/20) ≈ 0.251.
    public static let defaultComponentAmplitude = 2.0.squareRoot() * pow(10, defaultComponentLevel / 20)

    /// How long a default DTMF feedback tone lasts.
    public static let dtmfDuration = Duration.milliseconds(200)

    /// The frequencies of the default tone, in Hz; nil for a DTMF character that is no key.
    public var defaultFrequencies: [Double]? {
        switch self {
        case .ringtone, .ringback: return [440, 480]
        case .connect: return [350, 440]
        case .dtmf(let digit):
            guard let pair = ToneAnalyzer.dtmfFrequencies(for: digit) else { return nil }
            return [pair.low, pair.high]
        }
    }

    /// When the default tone sounds.
    public var defaultCadence: CadencedToneSource.Cadence {
        switch self {
        case .ringtone, .ringback: return .repeating(on: .seconds(2), off: .seconds(4))
        case .connect: return .continuous
        case .dtmf: return .once(Self.dtmfDuration)
        }
    }

    /// The built-in sound of this tone at `sampleRate` with `channels` (every channel the same);
    /// nil for a DTMF character that is no key.
    public func defaultSource(sampleRate: Int, channels: Int) -> CadencedToneSource? {
        guard let frequencies = defaultFrequencies else { return nil }
        return CadencedToneSource(frequencies: frequencies, amplitude: Self.defaultComponentAmplitude,
                                  cadence: defaultCadence, sampleRate: sampleRate, channels: channels)
    }

    /// `ringtone`, `ringback`, `connect` or `dtmf 5`.
    public var description: String {
        switch self {
        case .ringtone: return "ringtone"
        case .ringback: return "ringback"
        case .connect: return "connect"
        case .dtmf(let digit): return "dtmf \(digit)"
        }
    }
}

import AudioCodecs
import RTP
import StackCore

/// What we hear, one frame per playout tick: the jitter buffer's next frame decoded (or
/// concealed, or recovered from the next packet's in-band FEC), converted to the sink's rate
/// and channels and written to the sink.
///
/// Buffers are made once; ``play(_:)`` allocates nothing. Non-Sendable: confined to its owner.
public final class AudioReceiveChain {
    /// The decoder.
    public let decoder: any AudioDecoder
    /// The sink.
    public let sink: any AudioFrameSink
    /// Decoder samples per channel in one frame (20 ms).
    public let frameSamples: Int
    private let converter: AudioRateConverter
    private var decoded: [Int16]
    private var sinkFrame: [Int16]
    private var pendingStart = 0, pendingCount = 0
    /// Counters of what was played.
    public private(set) var statistics = Statistics()
    /// The peak absolute sample of the last decoded frame, 0…32767.
    public private(set) var lastPeak: Int16 = 0

    /// What the chain played.
    public struct Statistics: Sendable, Hashable {
        /// Frames decoded from packets.
        public var decoded = 0
        /// Frames concealed (packet loss concealment).
        public var concealed = 0
        /// Frames recovered from the next packet's FEC.
        public var recovered = 0
        /// Frames of silence (nothing buffered yet, or an underrun).
        public var silent = 0
        /// Payloads the decoder rejected (played as concealment).
        public var decodeErrors = 0
        /// Frames played from the rest of a packet longer than one frame.
        public var continued = 0
    }

    /// Creates the chain; `frameDuration` of 20 ms gives `decoder.sampleRate / 50` samples.
    public init(decoder: any AudioDecoder, sink: any AudioFrameSink,
                frameDuration: Duration = .milliseconds(20)) throws(AudioCodecError) {
        self.decoder = decoder
        self.sink = sink
        let milliseconds = Int(frameDuration.saturatingNanoseconds / 1_000_000)
        frameSamples = max(1, decoder.sampleRate * milliseconds / 1000)
        // Room for up to 120 ms per packet (Opus' largest frame).
        decoded = [Int16](repeating: 0, count: decoder.sampleRate * 120 / 1000 * decoder.channels)
        let sinkSamples = max(1, sink.sampleRate * milliseconds / 1000)
        sinkFrame = [Int16](repeating: 0, count: sinkSamples * sink.channels)
        converter = try AudioRateConverter(inputRate: decoder.sampleRate, inputChannels: decoder.channels,
                                           outputRate: sink.sampleRate, outputChannels: sink.channels,
                                           maximumFrameSamples: frameSamples)
    }

    /// Plays one jitter-buffer frame.
    public func play(_ frame: RTPJitterBufferFrame) {
        let decoder = self.decoder
        let wanted = frameSamples
        let produced: Int = decoded.withUnsafeMutableBufferPointer { pcm in
            switch frame {
            case let .packet(payload, _, _, _):
                do {
                    let count = try decoder.decode(payload, into: pcm)
                    statistics.decoded += 1
                    return count
                } catch {
                    statistics.decodeErrors += 1
                    return (try? decoder.conceal(samples: wanted, into: pcm)) ?? 0
                }
            case .missing(let next):
                if let next, let count = try? decoder.recover(from: next, samples: wanted, into: pcm), count > 0 {
                    statistics.recovered += 1
                    return count
                }
                statistics.concealed += 1
                return (try? decoder.conceal(samples: wanted, into: pcm)) ?? 0
            case .empty:
                statistics.silent += 1
                return 0
            }
        }
        // A packet longer than one frame (40/60 ms ptime): the rest plays on the next ticks.
        if produced > wanted {
            pendingStart = wanted
            pendingCount = produced - wanted
        } else {
            pendingCount = 0
        }
        emit(start: 0, available: min(produced, wanted))
    }

    /// Whether decoded audio from a packet longer than one frame is still waiting to be played
    /// (the owner then calls ``playPending()`` instead of taking a jitter-buffer frame).
    public var hasPendingAudio: Bool { pendingCount > 0 }

    /// Plays the next frame of a longer packet decoded earlier.
    public func playPending() {
        let start = pendingStart
        let available = min(pendingCount, frameSamples)
        pendingStart += available
        pendingCount -= available
        statistics.continued += 1
        emit(start: start, available: available)
    }

    /// Hands the sink one frame of the nominal length from `decoded` at `start` (samples per
    /// channel), silence after `available` samples.
    private func emit(start: Int, available: Int) {
        let channels = decoder.channels
        let begin = start * channels
        let end = min(decoded.count, begin + frameSamples * channels)
        let silenceFrom = begin + available * channels
        lastPeak = decoded.withUnsafeMutableBufferPointer { pcm in
            var peak: Int16 = 0
            for index in begin..<end {
                if index >= silenceFrom { pcm[index] = 0 }
                let sample = pcm[index]
                peak = max(peak, sample == .min ? .max : abs(sample))
            }
            return peak
        }
        decoded.withUnsafeBufferPointer { pcm in
            let input = UnsafeBufferPointer(rebasing: pcm[begin..<end])
            sinkFrame.withUnsafeMutableBufferPointer { output in converter.convert(input, into: output) }
        }
        sinkFrame.withUnsafeBufferPointer { sink.write($0) }
    }
}

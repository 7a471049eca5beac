import AudioCodecs

/// Converts fixed-size frames of 16-bit PCM from one rate and channel count to another, always
/// giving exactly `outputFrameSamples` per call (a resampler's output varies by a sample or two
/// per frame; a small FIFO evens it out and the first frame is padded with zeros).
///
/// Preallocated at creation: ``convert(_:into:)`` allocates nothing. Channel conversion is
/// mono ↔ stereo only (downmix by averaging, upmix by copying). Non-Sendable; confined.
public final class AudioRateConverter {
    /// Input rate and channels.
    public let inputRate: Int, inputChannels: Int
    /// Output rate and channels.
    public let outputRate: Int, outputChannels: Int
    private let resampler: AudioResampler?
    /// Mono scratch for the input after channel conversion.
    private var monoInput: [Int16]
    /// Resampled mono samples waiting to be handed out.
    private var fifo: [Int16]
    private var fifoCount = 0

    /// Creates a converter; fails when the resampler cannot be made for these rates.
    public init(inputRate: Int, inputChannels: Int, outputRate: Int, outputChannels: Int,
                maximumFrameSamples: Int = 2_880) throws(AudioCodecError) {
        guard inputRate > 0, outputRate > 0, (1...2).contains(inputChannels), (1...2).contains(outputChannels) else {
            throw .invalidConfiguration("rates \(inputRate)→\(outputRate), channels \(inputChannels)→\(outputChannels)")
        }
        self.inputRate = inputRate
        self.inputChannels = inputChannels
        self.outputRate = outputRate
        self.outputChannels = outputChannels
        resampler = inputRate == outputRate ? nil : try AudioResampler(inputRate: inputRate, outputRate: outputRate)
        if inputRate == outputRate && inputChannels == outputChannels {
            // Passthrough copies directly: no scratch buffers.
            monoInput = []
            fifo = []
        } else {
            monoInput = [Int16](repeating: 0, count: maximumFrameSamples)
            // One call adds about one output frame and takes one: two frames and a margin hold it.
            let outputCapacity = maximumFrameSamples * outputRate / inputRate + 64
            fifo = [Int16](repeating: 0, count: 2 * max(outputCapacity, maximumFrameSamples) + 256)
        }
    }

    /// Whether input and output are the same format (the converter then only copies).
    public var isPassthrough: Bool { resampler == nil && inputChannels == outputChannels }

    /// Converts one frame: `input` holds interleaved samples at the input format; `output` is
    /// filled completely (its count / outputChannels samples per channel).
    public func convert(_ input: UnsafeBufferPointer<Int16>, into output: UnsafeMutableBufferPointer<Int16>) {
        if isPassthrough {
            let count = min(input.count, output.count)
            for index in 0..<count { output[index] = input[index] }
            for index in count..<output.count { output[index] = 0 }
            return
        }
        // 1. To mono (at most monoInput.count samples).
        let frames = min(input.count / inputChannels, monoInput.count)
        monoInput.withUnsafeMutableBufferPointer { mono in
            if inputChannels == 1 {
                for index in 0..<frames { mono[index] = input[index] }
            } else {
                for index in 0..<frames {
                    mono[index] = Int16((Int32(input[2 * index]) + Int32(input[2 * index + 1])) / 2)
                }
            }
        }
        // 2. Resample (or copy) into the FIFO.
        monoInput.withUnsafeBufferPointer { mono in
            fifo.withUnsafeMutableBufferPointer { queue in
                let space = queue.count - fifoCount
                let source = UnsafeBufferPointer(rebasing: mono[0..<frames])
                if let resampler {
                    let target = UnsafeMutableBufferPointer(rebasing: queue[fifoCount..<(fifoCount + space)])
                    if let (_, produced) = try? resampler.process(source, into: target) {
                        fifoCount += produced
                    }
                } else {
                    let count = min(frames, space)
                    for index in 0..<count { queue[fifoCount + index] = source[index] }
                    fifoCount += count
                }
            }
        }
        // 3. Hand out exactly one output frame (zeros while the FIFO fills at the start).
        let wanted = output.count / outputChannels
        fifo.withUnsafeMutableBufferPointer { queue in
            let available = min(wanted, fifoCount)
            let pad = wanted - available
            for index in 0..<wanted {
                let sample: Int16 = index < pad ? 0 : queue[index - pad]
                if outputChannels == 1 {
                    output[index] = sample
                } else {
                    output[2 * index] = sample
                    output[2 * index + 1] = sample
                }
            }
            // Shift the rest down (small: a frame or two).
            let rest = fifoCount - available
            if rest > 0 {
                for index in 0..<rest { queue[index] = queue[available + index] }
            }
            fifoCount = rest
        }
        for index in (wanted * outputChannels)..<output.count { output[index] = 0 }
    }
}

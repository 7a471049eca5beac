import StackCore
import Testing
@testable import RTP

/// Delay adaptation of ``RTPJitterBuffer`` under simulated networks (RFC 3550 §6.4.1 jitter):
/// packets sent every 20 ms with a seeded random one-way delay, popped every 20 ms.
@Suite struct RTPJitterBufferAdaptationTests {
    /// A 48 kHz Opus-like stream through a simulated network.
    final class Network {
        let buffer: RTPJitterBuffer
        var random: SplitMix64
        var sent = 0
        var tick = 0
        var inFlight: [(arrival: Int, sequence: Int)] = []
        var played: [Int] = []

        init(seed: UInt64, configuration: RTPJitterBufferConfiguration = .opus) {
            buffer = RTPJitterBuffer(configuration)
            random = SplitMix64(seed: seed)
        }

        /// Runs `ticks` ticks; each sends one packet delayed by `base` + 0…`spread` ms.
        func run(ticks: Int, base: Int, spread: Int) {
            for _ in 0..<ticks {
                let now = tick * 960
                let delay = (base + (spread > 0 ? Int(random.next() % UInt64(spread + 1)) : 0)) * 48
                inFlight.append((arrival: sent * 960 + delay, sequence: sent))
                sent += 1
                inFlight.sort { $0.arrival < $1.arrival }
                while let first = inFlight.first, first.arrival <= now {
                    inFlight.removeFirst()
                    let payload = [UInt8(first.sequence & 0xFF)]
                    payload.withUnsafeBytes {
                        _ = buffer.insert(payload: $0, sequenceNumber: UInt16(truncatingIfNeeded: first.sequence),
                                          timestamp: UInt32(truncatingIfNeeded: first.sequence * 960),
                                          marker: false, arrival: UInt64(first.arrival))
                    }
                }
                if let sequence = buffer.pop({ $0.sequenceNumber }) { played.append(Int(sequence)) }
                tick += 1
            }
        }
    }

    @Test("jittery arrival raises the target; a calm network brings it back to the minimum")
    func upAndDown() {
        let network = Network(seed: 0x00C0_FFEE)
        network.run(ticks: 100, base: 10, spread: 0)
        #expect(network.buffer.targetDelay == 1)
        #expect(network.buffer.statistics.late == 0 && network.buffer.statistics.lost == 0)

        network.run(ticks: 500, base: 10, spread: 60)
        let jittery = network.buffer.statistics
        #expect(network.buffer.targetDelay >= 3 && network.buffer.targetDelay <= 6)
        #expect(jittery.late < 25, "late \(jittery.late) of 500")
        #expect(jittery.lost < 25)

        network.run(ticks: 1500, base: 10, spread: 0)
        let calm = network.buffer.statistics
        #expect(network.buffer.targetDelay == 1)
        #expect(calm.currentDelay <= 2)
        #expect(calm.discarded >= 1)
        #expect(calm.late == jittery.late)
        // Played strictly in order, never twice.
        #expect(zip(network.played, network.played.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("a delay spike: late packets raise the target at once, it shrinks one frame per period")
    func spike() {
        let network = Network(seed: 1)
        network.run(ticks: 200, base: 5, spread: 0)
        #expect(network.buffer.targetDelay == 1)
        // One 100 ms stall: five packets arrive together.
        for delay in [105, 85, 65, 45, 25] { network.run(ticks: 1, base: delay, spread: 0) }
        network.run(ticks: 20, base: 5, spread: 0)
        let raised = network.buffer.targetDelay
        #expect(raised >= 3)
        #expect(network.buffer.statistics.underruns + network.buffer.statistics.late >= 1)
        var targets: [Int] = []
        for _ in 0..<12 {
            network.run(ticks: 50, base: 5, spread: 0)
            targets.append(network.buffer.targetDelay)
        }
        #expect(zip(targets, targets.dropFirst()).allSatisfy { $0 - $1 <= 1 && $0 >= $1 })
        #expect(targets.last == 1)
    }

    @Test("the target never leaves the configured bounds")
    func bounds() {
        let configuration = RTPJitterBufferConfiguration(clockRate: 48_000, frameSamples: 960, minimumDelay: 2, maximumDelay: 4)
        let network = Network(seed: 42, configuration: configuration)
        var seen: Set<Int> = []
        for _ in 0..<40 {
            network.run(ticks: 25, base: 10, spread: 200)
            seen.insert(network.buffer.targetDelay)
        }
        #expect(seen.allSatisfy { (2...4).contains($0) })
        #expect(seen.contains(4))
    }
}


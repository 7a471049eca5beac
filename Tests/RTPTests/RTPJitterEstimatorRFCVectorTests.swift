import Testing
@testable import RTP

/// RFC 3550 Appendix A.8 interarrival jitter, integer form, with exact values.
@Suite struct RTPJitterEstimatorRFCVectorTests {
    func jitter(timestamps: [UInt32], arrivals: [UInt32]) -> RTPJitterEstimator {
        var estimator = RTPJitterEstimator()
        for (timestamp, arrival) in zip(timestamps, arrivals) {
            estimator.update(rtpTimestamp: timestamp, arrival: arrival)
        }
        return estimator
    }

    @Test("A.8: constant transit time is no jitter")
    func constantTransit() {
        let estimator = jitter(timestamps: [0, 160, 320, 480], arrivals: [1000, 1160, 1320, 1480])
        #expect(estimator.scaledJitter == 0)
        #expect(estimator.jitter == 0)
    }

    @Test("A.8: |D| = 10 three times gives J×16 = 10, 19, 28 and J = 1")
    func alternatingTransit() {
        var estimator = RTPJitterEstimator()
        let timestamps: [UInt32] = [0, 160, 320, 480]
        let arrivals: [UInt32] = [1000, 1170, 1320, 1490]
        var scaled: [UInt64] = []
        for (timestamp, arrival) in zip(timestamps, arrivals) {
            estimator.update(rtpTimestamp: timestamp, arrival: arrival)
            scaled.append(estimator.scaledJitter)
        }
        #expect(scaled == [0, 10, 19, 28])
        #expect(estimator.jitter == 1)
        #expect(estimator.lastTransit == 1010)
    }

    @Test("A.8: a steady |D| of 160 converges to J ≈ 160, as the floating-point form does")
    func convergence() {
        var estimator = RTPJitterEstimator()
        var reference = 0.0
        var arrival: UInt32 = 0
        for index in 0..<400 {
            let timestamp = UInt32(index) * 160
            arrival &+= index % 2 == 0 ? 0 : 320
            estimator.update(rtpTimestamp: timestamp, arrival: arrival)
            if index > 0 { reference += (160 - reference) / 16 }
        }
        #expect(estimator.jitter == 159 || estimator.jitter == 160)
        #expect(abs(Double(estimator.jitter) - reference) <= 1)
    }

    @Test("A.8: timestamps and arrivals wrapping past 2^32 do not disturb it; negative D counts as |D|")
    func wrapAndSign() {
        let timestamps: [UInt32] = [0xFFFF_FF60, 0x0000_0000, 0x0000_00A0]
        let steady = jitter(timestamps: timestamps, arrivals: timestamps.map { $0 &+ 5000 })
        #expect(steady.scaledJitter == 0)
        let early = jitter(timestamps: [0, 160], arrivals: [1000, 1150])
        let late = jitter(timestamps: [0, 160], arrivals: [1000, 1170])
        #expect(early.scaledJitter == 10)
        #expect(late.scaledJitter == 10)
        var reset = late
        reset.reset()
        #expect(reset == RTPJitterEstimator())
    }
}

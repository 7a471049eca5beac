import CallModel
import Testing

/// Fraction lost per interval: deltas of the cumulative counters, the SDK's zero rules and its
/// 3-decimal rounding.
@Suite struct FractionLossTests {
    func counters(sent: Int, lostByRemote: Int, received: Int, lostLocally: Int) -> QualitySample {
        QualitySample(rtt: nil, localJitter: nil, remoteJitter: nil, packetsSent: sent, packetsLostByRemote: lostByRemote,
                      packetsReceived: received, packetsLostLocally: lostLocally, localLevel: -50, remoteLevel: -50)
    }

    @Test("the first interval uses the cumulative counters: local lost/sent, remote lost/(received + lost)")
    func firstInterval() {
        let first = counters(sent: 250, lostByRemote: 5, received: 240, lostLocally: 10)
        // local 5/250 = 0.02; remote 10/(240 + 10) = 0.04
        #expect(FractionLoss(from: nil, to: first) == FractionLoss(local: 0.02, remote: 0.04))
    }

    @Test("later intervals use the differences")
    func deltas() {
        let first = counters(sent: 250, lostByRemote: 5, received: 240, lostLocally: 10)
        let second = counters(sent: 500, lostByRemote: 15, received: 470, lostLocally: 30)
        // local 10/250 = 0.04; remote 20/(230 + 20) = 0.08
        #expect(FractionLoss(from: first, to: second) == FractionLoss(local: 0.04, remote: 0.08))
        #expect(FractionLoss(from: second, to: second) == FractionLoss(local: 0, remote: 0))
    }

    @Test("both zero → 0, zero denominator → 1.0, 3 decimals")
    func rules() {
        #expect(FractionLoss.fraction(lost: 0, of: 0) == 0)
        #expect(FractionLoss.fraction(lost: 3, of: 0) == 1.0)
        #expect(FractionLoss.fraction(lost: 1, of: 3) == 0.333)
        #expect(FractionLoss.fraction(lost: 2, of: 3) == 0.667)
        #expect(FractionLoss.fraction(lost: 1, of: 1600) == 0.001)  // 0.000625 rounds up (binary value above)
        let idle = counters(sent: 100, lostByRemote: 0, received: 100, lostLocally: 0)
        let lostOnly = counters(sent: 100, lostByRemote: 4, received: 100, lostLocally: 0)
        #expect(FractionLoss(from: idle, to: lostOnly) == FractionLoss(local: 1.0, remote: 0))
    }
}

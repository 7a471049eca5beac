import CallModel
import Testing

/// The SDK's E-model; every expected value is worked out by hand in the comments (and agrees
/// with the SDK's JavaScript).
@Suite struct EModelTests {
    @Test("EL < 160: R = 93.2 − EL/40")
    func shortLatency() {
        // EL = 100 + 2·10 + 10 = 130; R = 93.2 − 3.25 = 89.95
        #expect(EModel.rFactor(rtt: 100, jitter: 10, loss: 0) == 89.95)
        // MOS = 1 + 0.035·89.95 + 7e-6·89.95·29.95·10.05 = 1 + 3.14825 + 0.189523… = 4.33777… → 4.338
        #expect(EModel.mos(rtt: 100, jitter: 10, loss: 0) == 4.338)
        // EL = 129 + 20 + 10 = 159; R = 93.2 − 3.975 = 89.225; MOS = 1 + 3.122875 + 0.19681… → 4.32
        #expect(EModel.mos(rtt: 129, jitter: 10, loss: 0) == 4.32)
    }

    @Test("EL ≥ 160: R = 93.2 − (EL − 120)/10")
    func longLatency() {
        // EL = 300 + 40 + 10 = 350; R = 93.2 − 23 = 70.2
        #expect(EModel.rFactor(rtt: 300, jitter: 20, loss: 0) == 70.2)
        // MOS = 1 + 2.457 + 7e-6·70.2·10.2·29.8 = 3.457 + 0.149366 = 3.606366 → 3.606
        #expect(EModel.mos(rtt: 300, jitter: 20, loss: 0) == 3.606)
        // EL = 470; R = 93.2 − 35 = 58.2; MOS = 1 + 2.037 − 7e-6·58.2·1.8·41.8 = 3.037 − 0.030653 → 3.006
        #expect(EModel.mos(rtt: 400, jitter: 30, loss: 0) == 3.006)
        // EL = 530; R = 52.2; MOS = 1 + 1.827 − 7e-6·52.2·7.8·47.8 = 2.827 − 0.136236 → 2.691
        #expect(EModel.mos(rtt: 500, jitter: 10, loss: 0) == 2.691)
    }

    @Test("loss: R −= 250·loss")
    func loss() {
        // R = 89.95 − 12.5 = 77.45; MOS = 1 + 2.71075 + 7e-6·77.45·17.45·22.55 = 3.71075 + 0.213335 → 3.924
        #expect(EModel.rFactor(rtt: 100, jitter: 10, loss: 0.05) == 77.45)
        #expect(EModel.mos(rtt: 100, jitter: 10, loss: 0.05) == 3.924)
        // R = 89.95 − 125 = −35.05 ≤ 0 → MOS 1
        #expect(EModel.mos(rtt: 100, jitter: 10, loss: 0.5) == 1)
    }

    @Test("R to MOS: 1 at or below 0, 4.5 from 100, the cubic in between")
    func mapping() {
        #expect(EModel.mos(r: -5) == 1)
        #expect(EModel.mos(r: 0) == 1)
        // 1 + 0.035·60 + 0 = 3.1
        #expect(EModel.mos(r: 60) == 3.1)
        // 1 + 2.8 + 7e-6·80·20·20 = 3.8 + 0.224 = 4.024
        #expect(EModel.mos(r: 80) == 4.024)
        #expect(EModel.mos(r: 100) == 4.5)
        #expect(EModel.mos(r: 120) == 4.5)
        #expect(EModel.baseR == 93.2)
    }
}

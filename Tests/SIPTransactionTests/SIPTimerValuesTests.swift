import Testing
@testable import SIPTransaction

@Suite("Timer values (RFC 3261 §17 Table 4, RFC 6026 §8)")
struct SIPTimerValuesTests {
    @Test("defaults: T1 500 ms, T2 4 s, T4 5 s and every derived timer")
    func defaults() {
        let t = SIPTimerValues.rfc3261
        #expect(t.t1 == .milliseconds(500) && t.t2 == .seconds(4) && t.t4 == .seconds(5))
        for timer in [SIPTransactionTimer.a, .e, .g] {
            #expect(t.initial(timer, reliable: false) == .milliseconds(500))
        }
        for timer in [SIPTransactionTimer.b, .f, .h, .l, .m] {
            #expect(t.initial(timer, reliable: false) == .seconds(32))
            #expect(t.initial(timer, reliable: true) == .seconds(32))
        }
        #expect(t.initial(.d, reliable: false) == .seconds(32))
        #expect(t.initial(.d, reliable: true) == .zero)
        #expect(t.initial(.i, reliable: false) == .seconds(5))
        #expect(t.initial(.i, reliable: true) == .zero)
        #expect(t.initial(.j, reliable: false) == .seconds(32))
        #expect(t.initial(.j, reliable: true) == .zero)
        #expect(t.initial(.k, reliable: false) == .seconds(5))
        #expect(t.initial(.k, reliable: true) == .zero)
        #expect(t.initial(.provisional, reliable: false) == .milliseconds(200))
    }

    @Test("A doubles without limit; E and G double up to T2 (§17.1.1.2, §17.1.2.2, §17.2.1)")
    func backoff() {
        let t = SIPTimerValues.rfc3261
        var a = t.initial(.a, reliable: false), e = t.initial(.e, reliable: false)
        var aSeries: [Duration] = [], eSeries: [Duration] = []
        for _ in 0..<6 {
            aSeries.append(a)
            eSeries.append(e)
            a = t.next(.a, after: a)
            e = t.next(.e, after: e)
        }
        #expect(aSeries == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16)])
        #expect(eSeries == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4)])
        #expect(t.next(.g, after: .seconds(4)) == .seconds(4))
    }

    @Test("custom T1 scales 64·T1 timers; D never drops below 32 s on unreliable transports")
    func custom() {
        let fast = SIPTimerValues(t1: .milliseconds(100), t2: .seconds(1), t4: .seconds(2))
        #expect(fast.initial(.b, reliable: false) == .milliseconds(6400))
        #expect(fast.initial(.d, reliable: false) == .seconds(32))
        #expect(fast.next(.e, after: .milliseconds(800)) == .seconds(1))
        let slow = SIPTimerValues(t1: .seconds(1))
        #expect(slow.initial(.d, reliable: false) == .seconds(64))
        #expect(slow.initial(.k, reliable: false) == .seconds(5))
    }
}

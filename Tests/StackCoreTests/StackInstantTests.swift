import Testing

@testable import StackCore

@Suite("StackInstant")
struct StackInstantTests {
    @Test("Duration arithmetic is exact to the nanosecond")
    func arithmetic() {
        let start = StackInstant(nanoseconds: 1_000)
        let later = start + .milliseconds(500)
        #expect(later.nanoseconds == 500_001_000)
        #expect(later - start == .milliseconds(500))
        #expect(start - later == .milliseconds(-500))
        #expect(later - .milliseconds(500) == start)
        var moving = StackInstant.zero
        moving += .seconds(2)
        moving -= .nanoseconds(1)
        #expect(moving.nanoseconds == 1_999_999_999)
        #expect(start < later)
        #expect(start.duration(to: later) == .milliseconds(500))
    }

    @Test("arithmetic saturates instead of trapping")
    func saturation() {
        let nearEnd = StackInstant(nanoseconds: .max - 5)
        #expect((nearEnd + .seconds(1)).nanoseconds == .max)
        #expect((StackInstant(nanoseconds: .min + 5) - .seconds(1)).nanoseconds == .min)
        #expect((StackInstant.zero + .seconds(Int64.max)).nanoseconds == .max)
        #expect(StackInstant(nanoseconds: .min) - StackInstant(nanoseconds: .max) == .nanoseconds(Int64.min))
    }

    @Test("sub-nanosecond durations truncate")
    func truncation() {
        #expect((StackInstant.zero + .nanoseconds(1) / 2).nanoseconds == 0)
        #expect((StackInstant.zero + .microseconds(1.5)).nanoseconds == 1_500)
    }

    @Test("description prints seconds with nanoseconds")
    func description() {
        #expect(StackInstant(nanoseconds: 1_500_000_000).description == "1.500000000s")
        #expect(StackInstant(nanoseconds: -1).description == "-0.000000001s")
        #expect(StackInstant.zero.description == "0.000000000s")
    }
}

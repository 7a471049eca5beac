import PlivoSDK
import Testing

/// ``PlivoLogLevel``: the seed's six names, their order and what each lets through.
@Suite struct PlivoLogLevelTests {
    @Test("the seed's names in order from OFF to ALL; INFO by default")
    func names() {
        #expect(PlivoLogLevel.allCases.map(\.rawValue) == ["OFF", "ERROR", "WARN", "INFO", "DEBUG", "ALL"])
        #expect(PlivoLogLevel.allCases == PlivoLogLevel.allCases.sorted())
        #expect(PlivoLogLevel.default == .info && PlivoOptions().debug == .info)
        #expect(PlivoLogLevel.warn.description == "WARN")
    }

    @Test("names are matched ignoring case and surrounding white space; ALL-PLAIN is not a seed value")
    func parsing() {
        #expect(PlivoLogLevel(name: "debug") == .debug)
        #expect(PlivoLogLevel(name: " Warn\n") == .warn)
        #expect(PlivoLogLevel(name: "ALL-PLAIN") == nil)
        #expect(PlivoLogLevel(name: "TRACE") == nil)
        #expect(PlivoLogLevel(name: "") == nil)
    }

    @Test("a level lets through messages no more verbose than itself; OFF lets nothing through")
    func allows() {
        #expect(PlivoLogLevel.info.allows(.error) && PlivoLogLevel.info.allows(.info))
        #expect(!PlivoLogLevel.info.allows(.debug))
        #expect(PlivoLogLevel.all.allows(.debug) && PlivoLogLevel.all.allows(.all))
        #expect(PlivoLogLevel.allCases.allSatisfy { !PlivoLogLevel.off.allows($0) })
        #expect(PlivoLogLevel.allCases.allSatisfy { !$0.allows(.off) })
    }
}

import SIPConformance
import Testing

@Test func scenarioFolderName() {
    #expect(SIPConformanceInfo.scenarioFolder == "Conformance/Scenarios")
}

/// The conformance runner's library: scenarios read from data files, run against a SIP target.
public enum SIPConformanceInfo {
    /// The folder, relative to the repository root, holding the shipped scenarios.
    public static let scenarioFolder = "Conformance/Scenarios"
}

import PlivoSDK
import Testing

@Suite struct PlivoSDKVersionTests {
    @Test func versionIsSemantic() {
        #expect(PlivoSDKVersion.string.split(separator: ".").count == 3)
    }
}

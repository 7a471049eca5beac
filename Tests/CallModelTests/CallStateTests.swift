import CallModel
import Testing

@Suite struct CallStateTests {
    @Test func finalStates() {
        #expect(CallState.allCases.filter(\.isFinal) == [.rejected, .ignored, .canceled, .failed, .ended])
    }
}

import CallModel
import Testing

@Suite struct CallModelTests {
    @Test func ringingLimit() {
        #expect(CallModel.maximumRingingCalls == 50)
    }
}

import Testing
@testable import STUN

/// Equality is on the wire bytes, not Unicode canonical equivalence.
@Suite struct STUNAttributeEqualityTests {
    @Test("canonically equivalent but different text is not equal; hashing stays consistent")
    func byteExact() throws {
        #expect("K" == "\u{212A}")  // Swift's String equality: canonical equivalence
        #expect(STUNAttribute.username("K") != .username("\u{212A}"))
        #expect(STUNAttribute.software("é") != .software("e\u{301}"))
        #expect(STUNErrorCode(code: 400, reason: "é") != STUNErrorCode(code: 400, reason: "e\u{301}"))
        #expect(STUNAttribute.username("a:b") == .username("a:b"))
        #expect(STUNAttribute.username("a") != .realm("a"))
        #expect(Set([STUNAttribute.useCandidate, .useCandidate, .priority(1)]).count == 2)
        let message = STUNMessage(.request, method: .binding, attributes: [.username("\u{212A}")])
        let decoded = try STUNMessage(decoding: message.encoded())
        #expect(decoded == message)
        #expect(decoded.username.map { Array($0.utf8) } == [0xe2, 0x84, 0xaa])
    }
}

import Testing
@testable import PlivoSDK

/// Payload fields as the tools print them: order kept, optionals as null, dictionaries sorted,
/// JSON escaped.
@Suite struct PlivoFieldValueTests {
    @Test("an event's payload: text and JSON, nested objects in order, null, sorted headers, escaping")
    func eventPayload() {
        let info = PlivoCallInfo(callUUID: "u1", direction: .incoming, src: "a\"b", dest: "bob", state: .ringing,
                                 extraHeaders: ["X-PH-Z": "2", "X-PH-A": "1"])
        let event = PlivoEvent.onCallFailed(cause: "Busy", callInfo: info)
        let fields = event.payloadFields
        #expect(fields.map(\.0) == ["cause", "callInfo"])
        let text = PlivoFieldValue.object(fields).plainText
        #expect(text.hasPrefix("{cause: Busy, callInfo: {callUUID: u1, direction: incoming, src: a\"b, dest: bob, state: ringing, extraHeaders: {X-PH-A: 1, X-PH-Z: 2}"), "\(text)")
        let json = PlivoFieldValue.object(fields).jsonText
        #expect(json.hasPrefix(#"{"cause":"Busy","callInfo":{"callUUID":"u1","direction":"incoming","src":"a\"b","dest":"bob","state":"ringing","extraHeaders":{"X-PH-A":"1","X-PH-Z":"2"}"#), "\(json)")
        #expect(event.logText == "onCallFailed " + text)
    }

    @Test("scalars, lone payloads and no payload")
    func scalars() {
        #expect(PlivoEvent.remoteAudioStatus(false).payloadFields.map { "\($0.0)=\($0.1.jsonText)" } == ["status=false"])
        #expect(PlivoEvent.onPermissionDenied("X").payloadFields.map { "\($0.0)=\($0.1.plainText)" } == ["cause=X"])
        #expect(PlivoEvent.onLogin.payloadFields.isEmpty)
        #expect(PlivoEvent.onLogout(reason: nil).payloadFields.isEmpty)
        #expect(PlivoEvent.onLogout(reason: "ACCESS_TOKEN_EXPIRED").payloadFields.map { "\($0.0)=\($0.1.plainText)" }
                    == ["reason=ACCESS_TOKEN_EXPIRED"])
        #expect(PlivoFieldValue(reflecting: Double.nan).jsonText == "null")
        #expect(PlivoFieldValue(reflecting: [1, 2] as [UInt16]).jsonText == "[1,2]")
        #expect(PlivoFieldValue(reflecting: Optional<Int>.none as Any).plainText == "null")
        #expect(PlivoFieldValue(reflecting: 2.5).plainText == "2.5")
    }
}

@testable import PlivoSDK
import Testing

/// ``PlivoOptionsValue``: JavaScript's truthiness and types, and the JSON reader and writer.
@Suite struct PlivoOptionsValueTests {
    static func parse(_ text: String) -> PlivoOptionsValue? {
        try? PlivoOptionsValue(json: Array(text.utf8))
    }

    static func syntaxError(_ text: String) -> PlivoOptionsValue.JSONSyntaxError? {
        do {
            _ = try PlivoOptionsValue(json: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test("truthiness and accessors follow JavaScript")
    func javaScriptSemantics() {
        let falsy: [PlivoOptionsValue] = [nil, false, 0, "", .number(.nan)]
        let truthy: [PlivoOptionsValue] = [true, 1, -0.5, "0", [], [:]]
        #expect(falsy.allSatisfy { !$0.isTruthy } && truthy.allSatisfy(\.isTruthy))
        #expect(PlivoOptionsValue.number(48000).integerValue == 48000)
        #expect(PlivoOptionsValue.number(1.5).integerValue == nil)
        #expect(PlivoOptionsValue.number(9_007_199_254_740_992).integerValue == nil)
        #expect(PlivoOptionsValue.string("1").integerValue == nil)
        #expect(([nil, true, 1, "", [], [:]] as [PlivoOptionsValue]).map(\.typeName)
                == ["null", "boolean", "number", "string", "array", "object"])
        let object: PlivoOptionsValue = ["a": ["b": 1]]
        #expect(object["a"]?["b"] == 1 && object["x"] == nil && PlivoOptionsValue.string("s")["a"] == nil)
    }

    @Test("JSON in: every value kind, escapes, surrogate pairs, white space, the last repeated key")
    func reading() {
        #expect(Self.parse(" {\"a\": [1, -2.5e2, true, false, null], \"b\": {\"c\": \"d\"}} ")
                == ["a": [1, -250, true, false, nil], "b": ["c": "d"]])
        #expect(Self.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"") == .string("\"\\/\u{08}\u{0C}\n\r\té😀"))
        #expect(Self.parse("\"\\ud83d\"") == .string("\u{FFFD}"))
        #expect(Self.parse("\"é\"") == "é")
        #expect(Self.parse("{\"k\":1,\"k\":2}") == ["k": 2])
        #expect(Self.parse("[]") == [] && Self.parse("{}") == [:] && Self.parse("0") == 0)
    }

    @Test("JSON in: malformed texts name the offset and the problem")
    func malformed() {
        #expect(Self.syntaxError("") == .init(offset: 0, reason: "a value was expected"))
        #expect(Self.syntaxError("{\"a\" 1}") == .init(offset: 5, reason: "':' was expected"))
        #expect(Self.syntaxError("[1,]") == .init(offset: 3, reason: "a value was expected"))
        #expect(Self.syntaxError("[1 2]") == .init(offset: 3, reason: "',' or ']' was expected"))
        #expect(Self.syntaxError("{\"a\":1") == .init(offset: 6, reason: "'}' was expected"))
        #expect(Self.syntaxError("\"abc") == .init(offset: 4, reason: "the string is not closed"))
        #expect(Self.syntaxError("\"a\nb\"") == .init(offset: 2, reason: "a control character in a string"))
        #expect(Self.syntaxError("\"\\x\"") == .init(offset: 2, reason: "an unknown escape"))
        #expect(Self.syntaxError("01") == .init(offset: 1, reason: "a number with a leading zero"))
        #expect(Self.syntaxError("1.") == .init(offset: 2, reason: "a digit was expected after '.'"))
        #expect(Self.syntaxError("tru") == .init(offset: 0, reason: "true was expected"))
        #expect(Self.syntaxError("{} x") == .init(offset: 3, reason: "text after the value"))
        #expect(Self.syntaxError("{1:2}") == .init(offset: 1, reason: "a member name was expected"))
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(Self.syntaxError(deep) == .init(offset: 64, reason: "nested too deeply"))
    }

    @Test("JSON out: sorted keys, whole numbers without a fraction, escapes; round trip")
    func writing() {
        let value: PlivoOptionsValue = ["overall": 4, "comment": "a \"b\"\n\u{01}", "x": [1.5, nil, true], "n": .number(.infinity)]
        #expect(value.jsonText == "{\"comment\":\"a \\\"b\\\"\\n\\u0001\",\"n\":null,\"overall\":4,\"x\":[1.5,null,true]}")
        #expect(value.description == value.jsonText)
        let roundTrip: PlivoOptionsValue = ["a": ["b", 2, -3.25, ["c": false]], "é": "😀"]
        #expect(Self.parse(roundTrip.jsonText) == roundTrip)
    }
}

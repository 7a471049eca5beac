import StackCore
import Testing

@Suite struct JSONStringLiteralTests {
    @Test func escapesWhatJSONRequires() {
        #expect(JSONStringLiteral.quoted("a\"b\\c\nd\re\tf") == #""a\"b\\c\nd\re\tf""#)
        #expect(JSONStringLiteral.quoted("\u{01}\u{1F}\u{7F}") == #""\u0001\u001f\u007f""#)
        #expect(JSONStringLiteral.quoted("é/€ ok") == "\"é/€ ok\"")
        var out = "x="
        JSONStringLiteral.write("", to: &out)
        #expect(out == "x=\"\"")
    }
}

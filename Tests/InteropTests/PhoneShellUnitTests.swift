import PlivoSDK
import Testing
@testable import plivo_phone

/// The shell's line reader and its event book, without a server.
@Suite struct PhoneShellUnitTests {
    @Test("words: white space, double quotes, escapes inside quotes, comments, an unterminated quote")
    func lines() throws {
        #expect(try ShellLine("  call   bob  X-PH-A=1 ").words == ["call", "bob", "X-PH-A=1"])
        #expect(try ShellLine(#"note "a \"quoted\" note" x"#).words == ["note", #"a "quoted" note"#, "x"])
        #expect(try ShellLine(#"a "" b"#).words == ["a", "", "b"])
        #expect(try ShellLine("# only a comment").words == [])
        #expect(try ShellLine("sendDtmf 1#2 # the digits").words == ["sendDtmf", "1#2"])
        #expect(try ShellLine("").words == [])
        #expect(throws: ShellLine.SyntaxError.self) { try ShellLine(#"call "bob"#) }
    }

    @Test("wait takes events in order, each once, including ones that came before it asked")
    func eventBook() async {
        let book = ShellEventBook()
        book.record(.onLogin)
        book.record(.onCalling)
        book.record(.onLogin)
        #expect(await book.next(of: [.onLogin], within: .seconds(1)) == .onLogin)
        #expect(await book.next(of: [.onCalling, .onLogin], within: .seconds(1)) == .onCalling)
        #expect(await book.next(of: [.onLogin], within: .seconds(1)) == .onLogin)
        #expect(await book.next(of: [.onLogin], within: .milliseconds(10)) == nil)
        async let later = book.next(of: [.onCallAnswered], within: .seconds(30))
        book.record(.onCallAnswered)
        #expect(await later == .onCallAnswered)
        book.close()
        #expect(await book.next(of: [.onLogout], within: .seconds(30)) == nil)
    }
}

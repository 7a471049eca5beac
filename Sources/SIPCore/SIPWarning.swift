/// One Warning header value (RFC 3261 §20.43): a three-digit code, the agent, a quoted text.
public struct SIPWarning: Sendable, Hashable {
    /// The warn-code, 300 to 399 in RFC 3261's registry.
    public var code: Int
    /// The warn-agent (host[:port] or a pseudonym).
    public var agent: String
    /// The warn-text, unquoted.
    public var text: String

    static func parse(_ scanner: inout SIPHeaderScanner) throws(SIPParseError) -> SIPWarning {
        scanner.skipLWS()
        let start = scanner.index
        let code = try scanner.number(max: 999, "warn-code")
        guard scanner.index - start == 3 else { throw scanner.error("warn-code must be three digits", at: start) }
        scanner.skipLWS()
        let agentStart = scanner.index
        while let b = scanner.peek, !SIPCharacterClass.isLWS(b) { scanner.index += 1 }
        guard scanner.index > agentStart else { throw scanner.error("expected warn-agent") }
        let agent = String(decoding: scanner.bytes[agentStart..<scanner.index], as: UTF8.self)
        scanner.skipLWS()
        let text = SIPParameter.unquote(try scanner.quotedString())
        return SIPWarning(code: Int(code), agent: agent, text: text)
    }
}

/// One Reason header value (RFC 3326): protocol, cause and text.
public struct SIPReason: Sendable, Hashable, CustomStringConvertible {
    /// The protocol (`SIP`, `Q.850`, or another token).
    public var protocolName: String
    /// The `cause` parameter.
    public var cause: Int?
    /// The `text` parameter, unquoted.
    public var text: String?
    /// All parameters in order.
    public var parameters: [SIPParameter]

    /// Creates a Reason value.
    public init(protocolName: String, cause: Int?, text: String?) {
        self.protocolName = protocolName
        self.cause = cause
        self.text = text
        var parameters: [SIPParameter] = []
        if let cause { parameters.append(SIPParameter("cause", String(cause))) }
        if let text { parameters.append(SIPParameter("text", SIPNameAddress.quote(text))) }
        self.parameters = parameters
    }

    /// `SIP;cause=487;text="Request Terminated"`
    public var description: String { ([protocolName] + parameters.map(\.description)).joined(separator: ";") }

    static func parse(_ scanner: inout SIPHeaderScanner) throws(SIPParseError) -> SIPReason {
        scanner.skipLWS()
        let name = try scanner.token("protocol")
        let located = try scanner.locatedParameters()
        var reason = SIPReason(protocolName: name, cause: nil, text: nil)
        reason.parameters = located.map(\.parameter)
        if let cause = located.first(where: { SIPText.equalsIgnoringCase($0.parameter.name, "cause") }) {
            // cause = 1*DIGIT (RFC 3326 §2); Int("+5") and Int("-1") would accept a sign.
            let c = cause.parameter.value ?? ""
            guard (1...9).contains(c.utf8.count), c.utf8.allSatisfy(SIPCharacterClass.isDigit), let value = Int(c) else {
                throw scanner.error("cause is not a number", at: cause.offset)
            }
            reason.cause = value
        }
        reason.text = reason.parameters.first { SIPText.equalsIgnoringCase($0.name, "text") }?.unquotedValue
        return reason
    }
}

/// Decides whether a received message is acceptable and, if not, the response to send, as a
/// UAS (RFC 3261 §8.2) or a proxy (§16.3) does; the verdicts match RFC 4475's torture tests.
public struct SIPValidator: Sendable {
    /// The receiving element's role: some checks differ (Max-Forwards, Proxy-Require).
    public enum Role: Sendable, Hashable {
        /// A user agent server or registrar.
        case uas
        /// A proxy that would forward the request.
        case proxy
    }

    /// The role.
    public var role: Role
    /// Request-URI schemes the element serves (416 otherwise).
    public var supportedSchemes: Set<String>
    /// Option tags the element supports (420 for others in Require).
    public var supportedOptionTags: Set<String>
    /// Body types the element understands (415 for others).
    public var supportedContentTypes: [SIPContentType]
    /// Body types the element answers an INVITE with (406 when Accept excludes them all).
    public var answerContentTypes: [SIPContentType]

    /// Creates a validator; the defaults describe this stack's user agent.
    public init(role: Role = .uas,
                supportedSchemes: Set<String> = ["sip", "sips", "tel"],
                supportedOptionTags: Set<String> = [],
                supportedContentTypes: [SIPContentType] = SIPValidator.defaultContentTypes,
                answerContentTypes: [SIPContentType] = [.sdp]) {
        self.role = role
        self.supportedSchemes = supportedSchemes
        self.supportedOptionTags = supportedOptionTags
        self.supportedContentTypes = supportedContentTypes
        self.answerContentTypes = answerContentTypes
    }

    /// application/sdp, multipart/mixed, multipart/alternative, text/plain, message/sipfrag,
    /// application/dtmf-relay.
    public static let defaultContentTypes: [SIPContentType] = [
        .sdp, SIPContentType("multipart", "mixed"), SIPContentType("multipart", "alternative"),
        SIPContentType("text", "plain"), SIPContentType("message", "sipfrag"),
        SIPContentType("application", "dtmf-relay"),
    ]

    /// Parses `bytes` as one datagram and validates the message; a parse failure becomes the
    /// rejection a UAS sends (400, or 505 for an unsupported version; nothing for a response).
    public func validate(bytes: [UInt8], options: SIPParserOptions = .strict) -> (SIPMessage?, SIPValidationResult) {
        do {
            let message = try SIPMessage(parsing: bytes, options: options)
            return (message, validate(message))
        } catch {
            let isResponse = SIPValidator.looksLikeResponse(bytes)
            var rejection: SIPValidationResult.Rejection?
            if !isResponse, SIPValidator.hasRequestLineShape(bytes) {
                if case .unsupportedVersion = error.kind {
                    rejection = .init(status: 505, reason: SIPStatus.reasonPhrase(505), headers: [])
                } else {
                    rejection = .init(status: 400, reason: error.reason, headers: [])
                }
            }
            return (nil, SIPValidationResult(errors: [error], warnings: [], rejection: rejection))
        }
    }

    /// Validates a parsed message.
    public func validate(_ message: SIPMessage) -> SIPValidationResult {
        var check = SIPValidationRun(validator: self, message: message)
        check.run()
        return check.result
    }

    /// Whether raw bytes start (after any CRLFs) like a Status-Line (`SIP/`), for input that did
    /// not parse: a response is never answered.
    public static func looksLikeResponse(_ bytes: [UInt8]) -> Bool {
        let start = bytes.firstIndex { $0 != 13 && $0 != 10 } ?? bytes.endIndex
        let head = bytes[start...].prefix(4).map { $0 | 0x20 }
        return head.count == 4 && head[0] == 115 && head[1] == 105 && head[2] == 112 && bytes[start + 3] == 47
    }

    /// Whether the first line starts with a method token and a space, so a response can be sent.
    static func hasRequestLineShape(_ bytes: [UInt8]) -> Bool {
        let start = bytes.firstIndex { $0 != 13 && $0 != 10 } ?? bytes.endIndex
        var i = start
        while i < bytes.endIndex, SIPCharacterClass.isToken(bytes[i]) { i += 1 }
        return i > start && i < bytes.endIndex && (bytes[i] == 32 || bytes[i] == 9)
    }
}

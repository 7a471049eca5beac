import StackCore
import SIPCore

/// What sip-lint found for one file: the parse, the validation and the UAS response.
struct LintReport {
    let file: String
    let bytes: [UInt8]
    let message: SIPMessage?
    let result: SIPValidationResult

    init(file: String, bytes: [UInt8], mode: SIPParserOptions.Mode) {
        self.file = file
        self.bytes = bytes
        let validator = SIPValidator()
        (message, result) = validator.validate(bytes: bytes, options: SIPParserOptions(mode: mode))
    }

    var isRequest: Bool {
        message.map(\.isRequest) ?? !SIPValidator.looksLikeResponse(bytes)
    }

    /// `FILE: ok`, or `FILE: invalid: <reason> (offset N)` and the response line.
    var textLines: [String] {
        guard let error = result.errors.first else { return ["\(file): ok"] }
        var lines = ["\(file): invalid: \(error.reason) (offset \(error.offset))"]
        if let rejection = result.rejection {
            lines.append("  response: \(rejection.status) \(rejection.reason)")
            for h in rejection.headers { lines.append("  \(h.name): \(h.value ?? "")") }
        } else if !isRequest {
            lines.append("  response: none (a response is never answered)")
        } else {
            lines.append("  response: none (no request line to answer)")
        }
        return lines
    }

    /// One object with a fixed set of keys: `file`, `verdict`, `kind`, `method` and `requestURI`
    /// (requests) or `status` (responses), `headers`, `bodyLength`, `response` (rejections
    /// only), `errors`, `warnings`. What a message that did not parse cannot tell is `null`.
    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("file", .string(file)),
            ("verdict", .string(result.isAccepted ? "accept" : "reject")),
            ("kind", .string(isRequest ? "request" : "response")),
        ]
        if isRequest {
            let method = message?.method?.rawValue ?? SIPLintHeuristics.firstToken(bytes)
            pairs.append(("method", method.map { .string($0) } ?? .null))
            pairs.append(("requestURI", message.map(requestURIJSON) ?? .null))
        } else {
            pairs.append(("status", message?.statusCode.map { .int($0) } ?? .null))
        }
        if let message {
            pairs.append(("headers", .array(message.headerFields.map { .array([.string($0.name), .string($0.value)]) })))
            pairs.append(("bodyLength", .int(message.bodyLength)))
        } else {
            pairs.append(("headers", .null))
            pairs.append(("bodyLength", .null))
        }
        if !result.isAccepted {
            if let rejection = result.rejection {
                pairs.append(("response", .object([("status", .int(rejection.status)), ("reason", .string(rejection.reason))]
                    + (rejection.headers.isEmpty ? [] : [("headers", .array(rejection.headers.map { .array([.string($0.name), .string($0.value ?? "")]) }))]))))
            } else {
                pairs.append(("response", .null))
            }
        }
        pairs.append(("errors", .array(result.errors.map(LintReport.errorJSON))))
        pairs.append(("warnings", .array(result.warnings.map(LintReport.errorJSON))))
        return .object(pairs)
    }

    /// The parsed Request-URI, or `null` when it does not parse as a URI.
    private func requestURIJSON(_ message: SIPMessage) -> JSONValue {
        guard let uri = message.requestURI else { return .null }
        var host: JSONValue = .null
        if let h = uri.host {
            switch h {
            case .ipv4(let s), .domain(let s), .ipv6(let s): host = .string(s)
            }
        }
        return .object([
            ("scheme", .string(uri.scheme.description)),
            ("user", uri.user.map { .string($0) } ?? .null),
            ("host", host),
            ("port", uri.port.map { .int($0) } ?? .null),
            ("params", .object(uri.parameters.map { ($0.name, $0.value.map { .string($0) } ?? .null) })),
        ])
    }

    private static func errorJSON(_ error: SIPParseError) -> JSONValue {
        .object([
            ("message", .string(error.reason)),
            ("offset", .int(error.offset)),
            ("header", error.header.map { .string($0) } ?? .null),
        ])
    }
}

/// Shape checks on bytes that did not parse.
enum SIPLintHeuristics {
    static func firstToken(_ bytes: [UInt8]) -> String? {
        let start = bytes.firstIndex { $0 != 13 && $0 != 10 } ?? bytes.endIndex
        guard let end = bytes[start...].firstIndex(where: { $0 == 32 || $0 == 13 || $0 == 10 }), end > start else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

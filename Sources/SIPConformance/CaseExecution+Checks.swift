import SIPCore
import SIPUserAgent

extension CaseExecution {
    /// Runs an expectation's checks on what arrived, in order; captures set variables.
    func evaluate(_ expectation: ConformanceExpectation, header: String, awaited: Awaited,
                  handshake: WebSocketHandshake? = nil) throws(CaseFailure) {
        let raw = awaited.message?.serialized() ?? awaited.raw
        for check in expectation.checks {
            if let problem = try problem(with: check, awaited: awaited, handshake: handshake) {
                throw failure(header, problem, expectation, check: check, message: raw.isEmpty ? nil : raw)
            }
        }
    }

    /// nil when the check holds, else what was found instead.
    private func problem(with check: ConformanceCheck, awaited: Awaited, handshake: WebSocketHandshake?) throws(CaseFailure) -> String? {
        let message = awaited.message
        func values(_ name: String) -> [String] {
            if let handshake { return handshake.headers[name.lowercased()].map { [$0] } ?? [] }
            return message?.values(SIPHeaderName(name)) ?? []
        }
        func elements(_ name: String) -> [String] {
            let fields = values(name)
            if Self.authHeaders.contains(name.lowercased()) { return fields }
            return fields.flatMap(Self.splitList)
        }
        func shown(_ name: String) -> String {
            let found = values(name)
            return found.isEmpty ? "no \(name) header" : "\(name): " + found.joined(separator: " | ")
        }
        switch check.kind {
        case .status(let patterns, let negated):
            guard let status = handshake?.status ?? message?.statusCode else { return "not a response" }
            let matches = patterns.contains { Self.status(status, matches: $0) }
            if matches == negated { return "status \(status)" }
        case .headerPresent(let name, let present):
            if values(name).isEmpty == present { return shown(name) }
        case .headerEquals(let name, let template, let negated):
            let value = try expand(template, check)
            let candidates = values(name).map(\.trimmed) + elements(name).map(\.trimmed)
            let equal = candidates.contains { $0 == value }
            if equal == negated { return shown(name) }
        case .headerMatches(let name, let pattern, let negated):
            let regex = try compile(pattern, check)
            let candidates = values(name) + elements(name)
            let matched = candidates.contains { $0.firstMatch(of: regex) != nil }
            if matched == negated { return shown(name) }
        case .headerCount(let name, let comparison, let count):
            let found = elements(name).count
            if !comparison.holds(found, count) { return "\(found) value(s): " + shown(name) }
        case .headerInteger(let name, let comparison, let expected):
            guard let first = values(name).first, let number = Int(first.trimmed) else { return shown(name) }
            if !comparison.holds(number, expected) { return shown(name) }
        case .bodyEmpty(let empty):
            let length = message?.bodyLength ?? 0
            if (length == 0) != empty { return length == 0 ? "an empty body" : "a \(length)-byte body" }
        case .bodyMatches(let pattern, let negated):
            let regex = try compile(pattern, check)
            let body = String(decoding: message?.body ?? [], as: UTF8.self)
            if (body.firstMatch(of: regex) != nil) == negated { return body.isEmpty ? "an empty body" : "the body differs" }
        case .textMatches(let pattern, let negated):
            let regex = try compile(pattern, check)
            let text = String(decoding: awaited.raw, as: UTF8.self)
            if (text.firstMatch(of: regex) != nil) == negated { return "the message differs" }
        case .uriMatches(let pattern):
            let regex = try compile(pattern, check)
            let uri = message?.requestURIText ?? ""
            if uri.firstMatch(of: regex) == nil { return "Request-URI \(uri)" }
        case .time(let comparison, let limit):
            let elapsed = awaited.at - awaited.since
            if !comparison.holds(elapsed, limit) { return "it took \(Self.format(elapsed))" }
        case .interval(let comparison, let limit):
            guard let previous = awaited.previousCopy else { return "no earlier copy to measure from" }
            let elapsed = awaited.at - previous
            if !comparison.holds(elapsed, limit) { return "the copy came \(Self.format(elapsed)) after the previous one" }
        case .challenge(let wanted):
            guard let message else { return "no message" }
            let challenges = ((try? SIPDigestChallenge.all(in: message)) ?? []).compactMap { try? $0.get() }
            let found = challenges.contains { challenge in
                wanted.allSatisfy { key, value in Self.challenge(challenge, has: key, value) }
            }
            if !found {
                let offered = challenges.map { "algorithm=\($0.algorithm.token) qop=\($0.qop.map(\.token).joined(separator: ","))\($0.stale ? " stale" : "")" }
                return offered.isEmpty ? "no Digest challenge (\(shown("WWW-Authenticate")); \(shown("Proxy-Authenticate")))"
                    : "challenges: " + offered.joined(separator: "; ")
            }
        case .capture(let name, let source, let headerName, let pattern):
            guard let value = try capture(source, header: headerName, pattern: pattern, message: message, check: check) else {
                return "nothing to capture as \(name) (\(source)\(headerName.map { " \($0)" } ?? ""))"
            }
            variables[name] = value
        case .closeCode(let codes):
            guard let closeCode = awaited.closeCode else { return "the connection did not close" }
            guard let code = closeCode else { return "closed without a Close frame" }
            if !codes.contains(code) { return "close code \(code)" }
        case .selected(let name, let present):
            let chosen = handshake?.status == 101 ? handshake?.subprotocol?.trimmed : nil
            let isIt = chosen?.lowercased() == name.lowercased()
            if isIt != present {
                return handshake?.status == 101 ? "101 selecting \(chosen ?? "no subprotocol")" : "no upgrade (HTTP \(handshake?.status ?? 0))"
            }
        case .acceptValid:
            if handshake?.acceptValid != true { return "Sec-WebSocket-Accept: \(handshake?.headers["sec-websocket-accept"] ?? "absent")" }
        }
        return nil
    }

    private func expand(_ template: String, _ check: ConformanceCheck) throws(CaseFailure) -> String {
        do {
            return String(decoding: try ConformanceTemplate.expand(Array(template.utf8)) { name throws(ConformanceTemplate.UnknownVariable) in
                try lookup(name)
            }, as: UTF8.self).trimmed
        } catch {
            throw CaseFailure(expectation: check.text, reference: check.reference, detail: error.description, message: nil, line: check.line)
        }
    }

    private func compile(_ pattern: String, _ check: ConformanceCheck) throws(CaseFailure) -> Regex<AnyRegexOutput> {
        let expanded = try expand(pattern, check)
        do { return try Regex(expanded) } catch {
            throw CaseFailure(expectation: check.text, reference: check.reference, detail: "bad regular expression: \(error)", message: nil, line: check.line)
        }
    }

    private func capture(_ source: String, header: String?, pattern: String?, message: SIPMessage?,
                         check: ConformanceCheck) throws(CaseFailure) -> String? {
        guard let message else { return nil }
        switch source {
        case "header":
            guard let header else { return nil }
            let found = message.values(SIPHeaderName(header))
            guard let pattern else { return found.first?.trimmed }
            let regex = try compile(pattern, check)
            for value in found {
                guard let match = value.firstMatch(of: regex) else { continue }
                if match.output.count > 1, let group = match.output[1].substring { return String(group) }
                return String(match.output[0].substring ?? "")
            }
            return nil
        case "to-tag": return message.to?.tag
        case "from-tag": return message.from?.tag
        case "contact": return message.contacts.first.map { $0.uri.description }
        case "record-route": return message.values(.recordRoute).joined(separator: ", ")
        case "route-set":
            // A UAC's route set is the Record-Route list reversed (RFC 3261 §12.1.2).
            return message.values(.recordRoute).flatMap(Self.splitList).reversed().joined(separator: ", ")
        case "branch": return message.topVia?.branch
        case "status": return message.statusCode.map(String.init)
        case "uri": return message.requestURIText
        case "call-id": return message.callID
        case "cseq": return message.cseq.map { String($0.sequence) }
        case "via": return message.values(.via).joined(separator: ", ")
        default: return nil
        }
    }

    static let authHeaders: Set<String> = ["www-authenticate", "proxy-authenticate", "authorization", "proxy-authorization"]

    /// A header value split at top-level commas (not inside quotes or angle brackets).
    static func splitList(_ value: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false, angle = false, escaped = false
        for character in value {
            if escaped { escaped = false; current.append(character); continue }
            switch character {
            case "\\" where quoted: escaped = true
            case "\"": quoted.toggle()
            case "<" where !quoted: angle = true
            case ">" where !quoted: angle = false
            case "," where !quoted && !angle:
                parts.append(current.trimmed)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        parts.append(current.trimmed)
        return parts.filter { !$0.isEmpty }
    }

    static func status(_ status: Int, matches pattern: String) -> Bool {
        if pattern.hasSuffix("xx"), let first = Int(pattern.prefix(1)) { return status / 100 == first }
        if let exact = Int(pattern) { return status == exact }
        let bounds = pattern.split(separator: "-").compactMap { Int($0) }
        return bounds.count == 2 && (bounds[0]...max(bounds[0], bounds[1])).contains(status)
    }

    static func challenge(_ challenge: SIPDigestChallenge, has key: String, _ value: String) -> Bool {
        switch key {
        case "algorithm": return challenge.algorithm.token.caseInsensitiveCompare(value) == .orderedSame
        case "qop": return value == "*" ? !challenge.qop.isEmpty : challenge.qop.contains { $0.token == value }
        case "realm": return value == "*" ? !challenge.realm.isEmpty : challenge.realm == value
        case "nonce": return !challenge.nonce.isEmpty
        case "opaque": return challenge.opaque != nil
        case "stale": return challenge.stale == (value == "*" || value.lowercased() == "true")
        default: return false
        }
    }
}

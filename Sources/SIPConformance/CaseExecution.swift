import SIPCore
import SIPTransaction
import SIPUserAgent

/// Why a case failed: the expectation (as written), its reference, what happened, the message.
struct CaseFailure: Error, Sendable {
    var expectation: String
    var reference: String?
    var detail: String
    var message: String?
    var line: Int
}

/// One run of one scenario: its connections, variables, sent requests and what arrived.
final class CaseExecution {
    /// A request this case sent.
    struct SentRequest {
        var bytes: [UInt8]
        var message: SIPMessage?
        var branch: String?
        var method: String?
        /// Call-ID and CSeq, for matching when the request has no branch.
        var callID: String?
        var cseqNumber: UInt32?
        var cseqMethod: String?
        var connection: String
        var firstSent: ContinuousClock.Instant
        var nextRetransmission: ContinuousClock.Instant?
        var interval: Duration
        var answered = false
        var finalSeen = false
    }

    /// A message that arrived and has not been consumed by an expectation.
    struct Arrival {
        var connection: String
        var message: SIPMessage
        var raw: [UInt8]
        var at: ContinuousClock.Instant
    }

    let scenario: ConformanceScenario
    let configuration: ConformanceRunner.Configuration
    let identity: ServerIdentity
    let mailbox = ConformanceMailbox()
    var connections: [String: ConformanceConnection] = [:]
    var closedConnections: [String: Int?] = [:]
    var current = "main"
    var variables: [String: String] = [:]
    var sent: [SentRequest] = []
    var labels: [String: Int] = [:]
    var backlog: [Arrival] = []
    var problems: [(String, String)] = []  // (connection, problem)
    var consumedFinals: [String: [UInt8]] = [:]  // branch → first line of the final consumed
    var lastFinal: Arrival?
    var lastFinalCopyAt: ContinuousClock.Instant?
    var lastRequest: Arrival?
    var receivedLabels: [String: Arrival] = [:]
    var outgoingFragments: [UInt8] = []
    var challenges: [(label: Int, message: SIPMessage)] = []

    init(scenario: ConformanceScenario, configuration: ConformanceRunner.Configuration, identity: ServerIdentity) {
        self.scenario = scenario
        self.configuration = configuration
        self.identity = identity
    }

    /// Runs every step; nil when the case passed.
    func run() async -> CaseFailure? {
        defer { Task { [connections] in for connection in connections.values { await connection.close() } } }
        do {
            try await open("main", subprotocols: ["sip"], line: 0)
            for step in scenario.steps { try await perform(step) }
            return nil
        } catch {
            return error
        }
    }

    private func fail(_ expectation: String, _ detail: String, line: Int, reference: String? = nil, message: [UInt8]? = nil) -> CaseFailure {
        CaseFailure(expectation: expectation, reference: reference ?? (scenario.reference.isEmpty ? nil : scenario.reference),
                    detail: detail, message: message.map(Self.excerpt), line: line)
    }

    /// The first lines of a message, for the report.
    static func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        var kept = lines.prefix(24).map { String($0.prefix(200)) }
        while kept.last?.isEmpty == true { kept.removeLast() }
        if lines.count > 24 { kept.append("…") }
        return kept.joined(separator: "\n")
    }

    // MARK: - Connections

    private func open(_ name: String, subprotocols: [String], line: Int) async throws(CaseFailure) {
        do {
            let connection = try await ConformanceConnection.open(
                name: name, target: configuration.target, mailbox: mailbox,
                insecureTLS: configuration.insecureTLS, subprotocols: subprotocols)
            connections[name] = connection
            closedConnections[name] = nil
            if connection.handshake.map({ $0.status != 101 }) == true {
                // Kept open for `expect handshake`; a non-101 answer ends the WebSocket.
                closedConnections[name] = .some(nil)
            }
        } catch {
            throw fail("connect \(name)", error.description, line: line)
        }
    }

    private func connection(line: Int) throws(CaseFailure) -> ConformanceConnection {
        guard let connection = connections[current] else { throw fail("use \(current)", "no connection named \(current)", line: line) }
        return connection
    }

    // MARK: - Variables

    func lookup(_ name: String) throws(ConformanceTemplate.UnknownVariable) -> String {
        if let value = variables[name] { return value }
        // `${name?}`: the value, or nothing when it has none.
        if name.hasSuffix("?") { return (try? lookup(String(name.dropLast()))) ?? "" }
        let accounts = configuration.accounts
        func account(_ suffix: Substring, _ pick: (SIPDigestCredentials) -> String) -> String? {
            let index = suffix.isEmpty ? 1 : Int(suffix) ?? 0
            guard index >= 1, index <= accounts.count else { return nil }
            return pick(accounts[index - 1])
        }
        let target = configuration.target
        let connection = connections[current]
        switch name {
        case "domain": return configuration.domain ?? target.host
        case "target": return target.hostPort
        case "target-uri":
            return "sip:\(target.hostPort)" + (target.transport == .udp ? "" : ";transport=\(target.transport.rawValue)")
        case "transport": return target.transport.viaToken
        case "transport-param": return target.transport.rawValue
        case "local": return connection?.viaHost ?? "127.0.0.1"
        case "local-ip": return connection?.localAddress.uriHost ?? "127.0.0.1"
        case "local-port": return String(connection?.localAddress.port ?? 0)
        case "branch": return "z9hG4bK-" + Self.token()
        case "random": return Self.token()
        case "auth": return ""
        case "tag", "call-id":
            let value = name == "tag" ? Self.token() : Self.token() + "@conform"
            variables[name] = value
            return value
        default:
            break
        }
        for prefix in ["branch.", "tag.", "call-id."] where name.hasPrefix(prefix) {
            let value = (prefix == "branch." ? "z9hG4bK-" : "") + Self.token() + (prefix == "call-id." ? "@conform" : "")
            variables[name] = value
            return value
        }
        if name.hasPrefix("user"), let value = account(name.dropFirst(4), \.username) { return value }
        if name.hasPrefix("password"), let value = account(name.dropFirst(8), \.password) { return value }
        throw ConformanceTemplate.UnknownVariable(name: name)
    }

    static func token() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<10).map { _ in letters.randomElement() ?? "x" })
    }

    private func expandMessage(_ template: [UInt8], line: Int) throws(CaseFailure) -> [UInt8] {
        do {
            return try ConformanceTemplate.message(template) { name throws(ConformanceTemplate.UnknownVariable) in try lookup(name) }
        } catch {
            throw fail("send", error.description, line: line)
        }
    }

    // MARK: - Steps

    private func perform(_ step: ConformanceStep) async throws(CaseFailure) {
        switch step {
        case .send(let template, let raw, let label, let line):
            let bytes = raw ? template : try expandMessage(template, line: line)
            try send(bytes, label: label, retransmit: !raw, line: line)
        case .expect(let expectation):
            try await expect(expectation)
        case .authenticate(let user, let algorithm, let nonceCount, let label, let nonce, let line):
            try authenticate(user: user, algorithm: algorithm, nonceCount: nonceCount, label: label, nonce: nonce, line: line)
        case .reply(let status, let reason, let target, let extra, let line):
            try reply(status: status, reason: reason, to: target, extra: extra, line: line)
        case .connect(let name, let subprotocols, let line):
            if let old = connections[name] { await old.close() }
            try await open(name, subprotocols: subprotocols, line: line)
            current = name
        case .use(let name, let line):
            guard connections[name] != nil else { throw fail("use \(name)", "no connection named \(name)", line: line) }
            current = name
        case .close(let name, let code, _):
            let name = name ?? current
            if let connection = connections[name] {
                await connection.close(code: code)
            }
        case .wait(let duration, _):
            try? await Task.sleep(for: duration)
        case .set(let name, let value, let line):
            do {
                variables[name] = String(decoding: try ConformanceTemplate.expand(Array(value.utf8)) { name throws(ConformanceTemplate.UnknownVariable) in
                    try lookup(name)
                }, as: UTF8.self)
            } catch {
                throw fail("set \(name)", error.description, line: line)
            }
        case .frame(let opcode, let fin, let payload, let size, let label, let line):
            let connection = try connection(line: line)
            guard connection.transport == .ws || connection.transport == .wss,
                  let code = WebSocketFrame.Opcode(rawValue: opcode) else {
                throw fail("frame", "frames need a WebSocket target and a known opcode", line: line)
            }
            var body: [UInt8]
            if let size {
                body = [UInt8](repeating: UInt8(ascii: "x"), count: size)
            } else {
                do {
                    body = try ConformanceTemplate.expand(payload) { name throws(ConformanceTemplate.UnknownVariable) in try lookup(name) }
                } catch {
                    throw fail("frame", error.description, line: line)
                }
            }
            connection.send(frame: WebSocketFrame(fin: fin, opcode: code, payload: body))
            // The data frames of one message, for `as LABEL` on the last.
            if code == .text || code == .binary || code == .continuation {
                if code != .continuation { outgoingFragments = [] }
                outgoingFragments.append(contentsOf: body)
                if fin {
                    if label != nil { record(outgoingFragments, label: label, retransmit: false) }
                    outgoingFragments = []
                }
            }
        }
    }

    private func send(_ bytes: [UInt8], label: String?, retransmit: Bool, line: Int) throws(CaseFailure) {
        let connection = try connection(line: line)
        connection.send(bytes)
        record(bytes, label: label, retransmit: retransmit)
    }

    /// Remembers a request sent (so its responses can be matched and, over UDP, it can be
    /// retransmitted). A request even the lenient parser cannot read (a torture message) is
    /// remembered by what its text says: method, branch, Call-ID, CSeq.
    func record(_ bytes: [UInt8], label: String?, retransmit: Bool) {
        var request: SentRequest
        let interval = configuration.timers.t1
        if let message = try? SIPMessage(parsing: bytes, options: .lenient) {
            guard message.isRequest else { return }
            request = SentRequest(bytes: bytes, message: message, branch: message.topVia?.branch,
                                  method: message.method?.description ?? "", callID: message.callID,
                                  cseqNumber: message.cseq?.sequence, cseqMethod: message.cseq?.method.description,
                                  connection: current, firstSent: .now, interval: interval)
        } else {
            let fields = Self.roughFields(bytes)
            guard let method = fields.method else { return }
            request = SentRequest(bytes: bytes, message: nil, branch: fields.branch, method: method, callID: fields.callID,
                                  cseqNumber: fields.cseqNumber, cseqMethod: fields.cseqMethod,
                                  connection: current, firstSent: .now, interval: interval)
        }
        let reliable = configuration.target.transport.isReliable
        if retransmit, !reliable, request.method != "ACK" { request.nextRetransmission = .now + interval }
        if request.method == "ACK" { request.answered = true }
        sent.append(request)
        if let label { labels[label] = sent.count - 1 }
    }

    /// Method, top branch, Call-ID and CSeq read from a request's text without the parser.
    static func roughFields(_ bytes: [UInt8]) -> (method: String?, branch: String?, callID: String?, cseqNumber: UInt32?, cseqMethod: String?) {
        let text = String(decoding: bytes.prefix(16_384), as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }
        guard let first = lines.first, first.hasSuffix("SIP/2.0") || first.contains(" SIP/") else { return (nil, nil, nil, nil, nil) }
        let method = first.split(separator: " ").first.map(String.init)
        var branch: String?, callID: String?, number: UInt32?, cseqMethod: String?
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmed.lowercased()
            let value = line[line.index(after: colon)...].trimmed
            switch name {
            case "via", "v":
                if branch == nil, let range = value.range(of: "branch=") {
                    branch = String(value[range.upperBound...].prefix { $0 != ";" && $0 != "," && $0 != " " })
                }
            case "call-id", "i":
                if callID == nil { callID = value }
            case "cseq":
                let parts = value.split(separator: " ")
                if parts.count >= 2 { number = UInt32(parts[0]); cseqMethod = String(parts[1]) }
            default:
                continue
            }
        }
        return (method, branch, callID, number, cseqMethod)
    }

    private func authenticate(user: Int, algorithm: String?, nonceCount: UInt32, label: String?, nonce: String?,
                              line: Int) throws(CaseFailure) {
        let text = "auth" + (algorithm.map { " algorithm=\($0)" } ?? "")
        let requestIndex: Int
        if let label {
            guard let index = labels[label] else { throw fail(text, "no request labelled \(label)", line: line) }
            requestIndex = index
        } else {
            guard let index = sent.indices.last(where: { sent[$0].method != "ACK" }) else { throw fail(text, "no request sent yet", line: line) }
            requestIndex = index
        }
        guard let challenge = challenges.last(where: { label == nil || $0.label == requestIndex })?.message else {
            throw fail(text, "no 401/407 challenge received", line: line)
        }
        guard let request = sent[requestIndex].message, let method = request.method, let uri = request.requestURIText else {
            throw fail(text, "the challenged request does not parse", line: line)
        }
        var chosen: SIPDigestChallenge
        do {
            let candidates = try SIPDigestChallenge.all(in: challenge).compactMap { try? $0.get() }
            if let algorithm {
                guard let match = candidates.first(where: { $0.algorithm.token.caseInsensitiveCompare(algorithm) == .orderedSame }) else {
                    throw fail(text, "the challenge offers no \(algorithm) (offered: \(candidates.map(\.algorithm.token).joined(separator: ", ")))",
                               line: line, message: challenge.serialized())
                }
                chosen = match
            } else {
                guard let first = try SIPDigestChallenge.select(from: challenge).first else {
                    throw fail(text, "no challenge to answer", line: line, message: challenge.serialized())
                }
                chosen = first
            }
        } catch let error as CaseFailure {
            throw error
        } catch {
            throw fail(text, "the challenge cannot be read: \(error)", line: line, message: challenge.serialized())
        }
        if let nonce { chosen.nonce = nonce }
        let credentials = configuration.accounts[user - 1]
        do {
            let authorization = try SIPDigestAuthenticator().authorize(chosen, credentials: credentials, method: method,
                                                                       uri: uri, body: request.body, nonceCount: nonceCount)
            variables["auth"] = "\(authorization.headerName): \(authorization.headerValue)"
        } catch {
            throw fail(text, "cannot answer the challenge: \(error)", line: line, message: challenge.serialized())
        }
    }

    private func reply(status: Int, reason: String?, to label: String?, extra: [UInt8], line: Int) throws(CaseFailure) {
        let text = "reply \(status)" + (label.map { " to \($0)" } ?? "")
        let found = label.map { receivedLabels[$0] } ?? lastRequest
        guard let request = found else { throw fail(text, "no request received to answer", line: line) }
        guard let connection = connections[request.connection] else { throw fail(text, "its connection is gone", line: line) }
        var headers: [SIPParameter] = []
        var body: [UInt8] = []
        var contentType: String?
        do {
            let expanded = try ConformanceTemplate.expand(extra) { name throws(ConformanceTemplate.UnknownVariable) in try lookup(name) }
            let lines = expanded.split(separator: 10, omittingEmptySubsequences: false).map { $0.last == 13 ? $0.dropLast() : $0 }
            var inBody = false
            for piece in lines {
                if inBody { body.append(contentsOf: piece + [13, 10]); continue }
                if piece.isEmpty { inBody = !headers.isEmpty || contentType != nil; continue }
                let lineText = String(decoding: piece, as: UTF8.self)
                guard let colon = lineText.firstIndex(of: ":") else { continue }
                let name = lineText[..<colon].trimmed
                let value = lineText[lineText.index(after: colon)...].trimmed
                if name.lowercased() == "content-type" { contentType = value } else { headers.append(SIPParameter(name, value)) }
            }
        } catch {
            throw fail(text, error.description, line: line)
        }
        do {
            let response = try SIPMessageBuilder.response(to: request.message, status: status, reason: reason,
                                                         toTag: try lookup("tag.reply"), headers: headers, body: body,
                                                         contentType: contentType)
            connection.send(response.serialized())
        } catch {
            throw fail(text, "cannot build the response: \(error)", line: line)
        }
    }
}

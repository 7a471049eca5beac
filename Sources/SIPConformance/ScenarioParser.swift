/// Reads scenario files (format: `Docs/CONFORMANCE.md`). Pure: files a scenario names
/// (`send file PATH`) are read through `load`.
public struct ScenarioParser: Sendable {
    /// Reads a file named by a scenario, relative to the scenario's folder.
    public typealias Loader = @Sendable (_ path: String) throws -> [UInt8]

    private let load: Loader

    /// Creates a parser that reads named files with `load`.
    public init(load: @escaping Loader) {
        self.load = load
    }

    /// Parses one scenario file's bytes; `suite` is its folder's name and `file` its path (for
    /// messages); `name` defaults to the file name without extension.
    public func parse(_ bytes: [UInt8], suite: String, file: String, name: String) throws(ConformanceError) -> ConformanceScenario {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line -> [UInt8] in
            var line = Array(line)
            if line.last == 13 { line.removeLast() }
            return line
        }
        if lines.last == [] { lines.removeLast() }
        let expanded = try includeExpanded(lines, file: file, depth: 0)
        lines = expanded.map(\.bytes)
        var scenario = ConformanceScenario(suite: suite, name: name, title: name, roles: [], transports: [],
                                           reference: "", users: 0, known: [], steps: [], file: file,
                                           origins: expanded.map { "\($0.file):\($0.line)" })
        var index = 0
        var openExpectation: ConformanceExpectation?
        func origin(_ line: Int) -> (file: String, line: Int) {
            line >= 1 && line <= expanded.count ? (expanded[line - 1].file, expanded[line - 1].line) : (file, line)
        }
        func fail(_ reason: String, _ line: Int) -> ConformanceError {
            let place = origin(line)
            return .badScenario(file: place.file, line: place.line, reason: reason)
        }
        func closeExpectation() {
            if let expectation = openExpectation { scenario.steps.append(.expect(expectation)) }
            openExpectation = nil
        }
        while index < lines.count {
            let lineNumber = index + 1
            let text = String(decoding: lines[index], as: UTF8.self)
            index += 1
            let trimmed = text.trimmed
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if text.first == " " || text.first == "\t" {
                guard openExpectation != nil else { throw fail("an indented line belongs under an `expect`", lineNumber) }
                openExpectation?.checks.append(try Self.check(trimmed, line: lineNumber, origin: origin(lineNumber)))
                continue
            }
            closeExpectation()
            var words = trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            let keyword = words.removeFirst()
            // Heredoc: the block after `<<TAG` up to a line that is exactly TAG.
            var block: [UInt8]?
            if let last = words.last, last.hasPrefix("<<"), last.count > 2 {
                let tag = Array(last.dropFirst(2).utf8)
                words.removeLast()
                var collected: [[UInt8]] = []
                var closed = false
                while index < lines.count {
                    let line = lines[index]
                    index += 1
                    if line == tag { closed = true; break }
                    collected.append(line)
                }
                guard closed else { throw fail("the block opened here is not closed by a line `\(String(decoding: tag, as: UTF8.self))`", lineNumber) }
                block = Array(collected.map { $0 + [13, 10] }.joined())
            }
            if keyword.hasSuffix(":") {
                let key = String(keyword.dropLast()).lowercased()
                let value = trimmed.dropFirst(keyword.count).trimmed
                guard scenario.steps.isEmpty else { throw fail("`\(key):` must come before the steps", lineNumber) }
                switch key {
                case "case": scenario.name = value
                case "title": scenario.title = value
                case "rfc": scenario.reference = value
                case "users":
                    guard let count = Int(value), count >= 0 else { throw fail("users: wants a number", lineNumber) }
                    scenario.users = count
                case "roles":
                    for word in value.split(separator: " ") {
                        guard let role = ConformanceRole(rawValue: word.lowercased()) else {
                            throw fail("unknown role `\(word)` (registrar, proxy, uas, edge)", lineNumber)
                        }
                        scenario.roles.insert(role)
                    }
                case "transports":
                    for word in value.split(separator: " ") {
                        guard let transport = ConformanceTarget.Transport(rawValue: word.lowercased()) else {
                            throw fail("unknown transport `\(word)` (udp, tcp, tls, ws, wss)", lineNumber)
                        }
                        scenario.transports.insert(transport)
                    }
                case "known":
                    guard let colon = value.firstIndex(of: ":") else { throw fail("known: wants `SERVER: reason`", lineNumber) }
                    let server = value[..<colon].trimmed
                    let reason = value[value.index(after: colon)...].trimmed
                    guard !server.isEmpty, !reason.isEmpty else { throw fail("known: wants `SERVER: reason`", lineNumber) }
                    scenario.known.append(.init(server: server, reason: reason))
                default:
                    throw fail("unknown key `\(key):`", lineNumber)
                }
                continue
            }
            switch keyword {
            case "send":
                var raw = false, label: String?, fileBytes: [UInt8]?
                var rest = words[...]
                while let word = rest.first {
                    rest = rest.dropFirst()
                    switch word {
                    case "raw": raw = true
                    case "as":
                        guard let name = rest.first else { throw fail("`as` wants a label", lineNumber) }
                        label = name
                        rest = rest.dropFirst()
                    case "file":
                        guard let path = rest.first else { throw fail("`file` wants a path", lineNumber) }
                        do { fileBytes = try load(path) } catch {
                            throw fail("cannot read \(path): \(error)", lineNumber)
                        }
                        rest = rest.dropFirst()
                    default: throw fail("unknown word `\(word)` after send", lineNumber)
                    }
                }
                guard let message = fileBytes ?? block, fileBytes == nil || block == nil else {
                    throw fail("send wants one `<<TAG` block or `file PATH`", lineNumber)
                }
                scenario.steps.append(.send(template: message, raw: raw, label: label, line: lineNumber))
            case "expect":
                openExpectation = try Self.expectation(words, line: lineNumber, origin: origin(lineNumber))
            case "auth":
                var user = 1, algorithm: String?, nonceCount: UInt32 = 1, label: String?, nonce: String?
                for word in words {
                    let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
                    guard pair.count == 2 else { throw fail("auth takes user=N algorithm=A nc=N for=LABEL", lineNumber) }
                    switch pair[0] {
                    case "user": user = Int(pair[1]) ?? 0
                    case "algorithm": algorithm = pair[1]
                    case "nc": nonceCount = UInt32(pair[1]) ?? 0
                    case "for": label = pair[1]
                    case "nonce": nonce = pair[1]
                    default: throw fail("auth takes user=N algorithm=A nc=N for=LABEL nonce=N", lineNumber)
                    }
                }
                guard user >= 1, nonceCount >= 1 else { throw fail("auth: user and nc start at 1", lineNumber) }
                scenario.users = max(scenario.users, user)
                scenario.steps.append(.authenticate(user: user, algorithm: algorithm, nonceCount: nonceCount, label: label, nonce: nonce, line: lineNumber))
            case "reply":
                guard let first = words.first, let status = Int(first), (100...699).contains(status) else {
                    throw fail("reply wants a status code", lineNumber)
                }
                var reasonWords = Array(words.dropFirst())
                var target: String?
                if reasonWords.count >= 2, reasonWords[reasonWords.count - 2] == "to" {
                    target = reasonWords.removeLast()
                    reasonWords.removeLast()
                }
                let reason = reasonWords.isEmpty ? nil : reasonWords.joined(separator: " ")
                scenario.steps.append(.reply(status: status, reason: reason, to: target, extra: block ?? [], line: lineNumber))
            case "connect":
                guard let name = words.first else { throw fail("connect wants a name", lineNumber) }
                var subprotocols = ["sip"]
                for word in words.dropFirst() {
                    guard word.hasPrefix("subprotocol=") else { throw fail("connect NAME [subprotocol=a,b|none]", lineNumber) }
                    let list = word.dropFirst("subprotocol=".count)
                    subprotocols = list == "none" ? [] : list.split(separator: ",").map(String.init)
                }
                scenario.steps.append(.connect(name: name, subprotocols: subprotocols, line: lineNumber))
            case "use":
                guard words.count == 1 else { throw fail("use wants a connection name", lineNumber) }
                scenario.steps.append(.use(name: words[0], line: lineNumber))
            case "close":
                var name: String?, code: UInt16? = 1000
                for word in words {
                    if word.hasPrefix("code=") {
                        let value = word.dropFirst(5)
                        code = value == "none" ? nil : UInt16(value)
                        guard value == "none" || code != nil else { throw fail("code= wants a number or none", lineNumber) }
                    } else {
                        name = word
                    }
                }
                scenario.steps.append(.close(name: name, code: code, line: lineNumber))
            case "wait":
                guard words.count == 1, let duration = Self.duration(words[0]) else { throw fail("wait wants a duration (500ms, 2s)", lineNumber) }
                scenario.steps.append(.wait(duration, line: lineNumber))
            case "set":
                guard words.count >= 2, words[1] == "=" else { throw fail("set NAME = VALUE", lineNumber) }
                scenario.steps.append(.set(name: words[0], value: words.dropFirst(2).joined(separator: " "), line: lineNumber))
            case "frame":
                guard let opcodeWord = words.first else { throw fail("frame wants an opcode", lineNumber) }
                let opcodes: [String: UInt8] = ["continuation": 0, "text": 1, "binary": 2, "close": 8, "ping": 9, "pong": 10]
                guard let opcode = opcodes[opcodeWord] ?? UInt8(opcodeWord) else { throw fail("unknown opcode \(opcodeWord)", lineNumber) }
                var fin = true, size: Int?, label: String?
                var rest = words.dropFirst()
                while let word = rest.first {
                    rest = rest.dropFirst()
                    if word == "nofin" {
                        fin = false
                    } else if word.hasPrefix("size="), let value = Int(word.dropFirst(5)), value >= 0 {
                        size = value
                    } else if word == "as", let name = rest.first {
                        label = name
                        rest = rest.dropFirst()
                    } else {
                        throw fail("frame OPCODE [nofin] [size=N] [as LABEL] [<<TAG]", lineNumber)
                    }
                }
                scenario.steps.append(.frame(opcode: opcode, fin: fin, payload: block ?? [], size: size, label: label, line: lineNumber))
            default:
                throw fail("unknown step `\(keyword)`", lineNumber)
            }
        }
        closeExpectation()
        return scenario
    }

    /// Replaces each `include PATH` line with the named file's lines (read through `load`,
    /// relative to the scenario's folder), up to 8 levels deep.
    private func includeExpanded(_ lines: [[UInt8]], file: String,
                                 depth: Int) throws(ConformanceError) -> [(bytes: [UInt8], file: String, line: Int)] {
        var output: [(bytes: [UInt8], file: String, line: Int)] = []
        let prefix = Array("include ".utf8)
        for (number, line) in lines.enumerated() {
            guard line.starts(with: prefix) else { output.append((line, file, number + 1)); continue }
            let path = String(decoding: line.dropFirst(prefix.count), as: UTF8.self).trimmed
            guard depth < 8 else { throw .badScenario(file: file, line: number + 1, reason: "includes nested too deep") }
            let bytes: [UInt8]
            do { bytes = try load(path) } catch {
                throw .badScenario(file: file, line: number + 1, reason: "cannot include \(path): \(error)")
            }
            var included = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { piece -> [UInt8] in
                var piece = Array(piece)
                if piece.last == 13 { piece.removeLast() }
                return piece
            }
            if included.last == [] { included.removeLast() }
            output.append(contentsOf: try includeExpanded(included, file: path, depth: depth + 1))
        }
        return output
    }

    /// `expect KIND [LABEL|METHOD] [as LABEL] [within D | for D] [optional]`.
    static func expectation(_ words: [String], line: Int,
                            origin: (file: String, line: Int)) throws(ConformanceError) -> ConformanceExpectation {
        func fail(_ reason: String) -> ConformanceError { .badScenario(file: origin.file, line: origin.line, reason: reason) }
        guard let kindWord = words.first else { throw fail("expect wants what: response, provisional, request METHOD, nothing, retransmission, closed, handshake") }
        var rest = words.dropFirst()
        var within: Duration = .seconds(5), optional = false, argument: String?, label: String?
        while let word = rest.first {
            rest = rest.dropFirst()
            switch word {
            case "as":
                guard let next = rest.first else { throw fail("as wants a label") }
                label = next
                rest = rest.dropFirst()
            case "within", "for":
                guard let next = rest.first, let duration = duration(next) else { throw fail("\(word) wants a duration") }
                within = duration
                rest = rest.dropFirst()
            case "optional": optional = true
            default:
                guard argument == nil else { throw fail("unexpected `\(word)`") }
                argument = word
            }
        }
        let kind: ConformanceExpectation.Kind
        switch kindWord {
        case "response": kind = .response(label: argument)
        case "provisional": kind = .provisional(label: argument)
        case "request":
            guard let method = argument else { throw fail("expect request wants a method") }
            kind = .request(method: method)
        case "nothing": kind = .nothing
        case "retransmission": kind = .retransmission
        case "closed": kind = .closed
        case "handshake": kind = .handshake
        default: throw fail("unknown expectation `\(kindWord)`")
        }
        return ConformanceExpectation(kind: kind, within: within, optional: optional, label: label, checks: [], line: line)
    }

    /// One indented check line (grammar in `Docs/CONFORMANCE.md`).
    static func check(_ line: String, line number: Int,
                      origin: (file: String, line: Int)) throws(ConformanceError) -> ConformanceCheck {
        func fail(_ reason: String) -> ConformanceError { .badScenario(file: origin.file, line: origin.line, reason: reason) }
        var body = line
        var reference: String?
        if body.hasSuffix("]"), let open = body.lastIndex(of: "[") {
            reference = String(body[body.index(after: open)..<body.index(before: body.endIndex)]).trimmed
            body = body[..<open].trimmed
        }
        var words = body.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !words.isEmpty else { throw fail("empty check") }
        let subject = words.removeFirst()
        /// The rest of the line after `count` words, as written (regular expressions keep their spaces).
        func tail(after count: Int) -> String {
            var remaining = Substring(body)
            for _ in 0...count {
                remaining = remaining.drop { $0 != " " }.drop { $0 == " " }
            }
            return String(remaining)
        }
        let kind: ConformanceCheck.Kind
        switch subject {
        case "status":
            var patterns = words
            let negated = patterns.first == "!=" || patterns.first == "not"
            if negated { patterns.removeFirst() }
            guard !patterns.isEmpty, patterns.allSatisfy(isStatusPattern) else { throw fail("status wants codes like 200, 4xx, 400-499") }
            kind = .status(patterns: patterns, negated: negated)
        case "header":
            guard let name = words.first else { throw fail("header wants a name") }
            let operation = words.count > 1 ? words[1] : "present"
            switch operation {
            case "present": kind = .headerPresent(name, present: true)
            case "absent": kind = .headerPresent(name, present: false)
            case "=", "!=":
                kind = .headerEquals(name, value: tail(after: 2), negated: operation == "!=")
            case "~", "!~":
                let pattern = tail(after: 2)
                try validate(pattern, fail)
                kind = .headerMatches(name, pattern: pattern, negated: operation == "!~")
            case "count", "int":
                guard words.count == 4, let comparison = ConformanceComparison(rawValue: words[2]), let value = Int(words[3]) else {
                    throw fail("header NAME \(operation) OP NUMBER")
                }
                kind = operation == "count" ? .headerCount(name, comparison, value) : .headerInteger(name, comparison, value)
            default:
                throw fail("header NAME [present|absent|= V|!= V|~ RE|!~ RE|count OP N|int OP N]")
            }
        case "body":
            switch words.first {
            case "empty": kind = .bodyEmpty(true)
            case "present": kind = .bodyEmpty(false)
            case "~", "!~":
                let pattern = tail(after: 1)
                try validate(pattern, fail)
                kind = .bodyMatches(pattern, negated: words.first == "!~")
            default: throw fail("body [empty|present|~ RE|!~ RE]")
            }
        case "text":
            guard words.first == "~" || words.first == "!~" else { throw fail("text ~ RE") }
            let pattern = tail(after: 1)
            try validate(pattern, fail)
            kind = .textMatches(pattern, negated: words.first == "!~")
        case "uri":
            guard words.first == "~" else { throw fail("uri ~ RE") }
            let pattern = tail(after: 1)
            try validate(pattern, fail)
            kind = .uriMatches(pattern)
        case "time", "interval":
            guard words.count == 2, let comparison = ConformanceComparison(rawValue: words[0]), let value = duration(words[1]) else {
                throw fail("\(subject) OP DURATION")
            }
            kind = subject == "time" ? .time(comparison, value) : .interval(comparison, value)
        case "challenge":
            var parameters: [String: String] = [:]
            for word in words {
                let pair = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard let key = pair.first, !key.isEmpty else { throw fail("challenge wants name=value words, like algorithm=MD5") }
                parameters[key.lowercased()] = pair.count == 2 ? pair[1] : "*"
            }
            kind = .challenge(parameters)
        case "capture":
            guard words.count >= 3, words[1] == "=" else { throw fail("capture NAME = SOURCE") }
            let source = words[2]
            if source == "header" {
                guard words.count >= 4 else { throw fail("capture NAME = header H [~ RE]") }
                var pattern: String?
                if words.count > 4 {
                    guard words[4] == "~" else { throw fail("capture NAME = header H [~ RE]") }
                    pattern = tail(after: 5)
                    try validate(pattern ?? "", fail)
                }
                kind = .capture(words[0], source: source, header: words[3], pattern: pattern)
            } else {
                guard ConformanceCapture.sources.contains(source), words.count == 3 else {
                    throw fail("capture sources: header H [~ RE], \(ConformanceCapture.sources.sorted().joined(separator: ", "))")
                }
                kind = .capture(words[0], source: source, header: nil, pattern: nil)
            }
        case "close-code":
            let codes = words.compactMap { Int($0) }
            guard !codes.isEmpty, codes.count == words.count else { throw fail("close-code wants numbers") }
            kind = .closeCode(codes)
        case "selected":
            guard words.count == 2, words[0] == "=" || words[0] == "!=" else { throw fail("selected = NAME | selected != NAME") }
            kind = .selected(words[1], present: words[0] == "=")
        case "accept":
            guard words == ["valid"] else { throw fail("accept valid") }
            kind = .acceptValid
        default:
            throw fail("unknown check `\(subject)`")
        }
        return ConformanceCheck(kind: kind, text: body, reference: reference, line: number)
    }

    static func isStatusPattern(_ text: String) -> Bool {
        if text.count == 3, let first = text.first, ("1"..."6").contains(first) {
            return text.dropFirst().allSatisfy { $0.isNumber } || text.dropFirst() == "xx"
        }
        let range = text.split(separator: "-")
        return range.count == 2 && range.allSatisfy { Int($0) != nil }
    }

    static func validate(_ pattern: String, _ fail: (String) -> ConformanceError) throws(ConformanceError) {
        do { _ = try Regex(pattern) } catch { throw fail("bad regular expression `\(pattern)`: \(error)") }
    }

    /// `500ms`, `2s`, `1.5s`, `2m`.
    public static func duration(_ text: String) -> Duration? {
        let (number, scale): (Substring, Double)
        if text.hasSuffix("ms") { (number, scale) = (text.dropLast(2), 0.001) }
        else if text.hasSuffix("s") { (number, scale) = (text.dropLast(), 1) }
        else if text.hasSuffix("m") { (number, scale) = (text.dropLast(), 60) }
        else { return nil }
        guard let value = Double(number), value >= 0, value < 86_400 else { return nil }
        return .milliseconds(Int64((value * scale * 1000).rounded()))
    }
}

/// The named values a `capture` can take from a message.
enum ConformanceCapture {
    static let sources: Set<String> = ["to-tag", "from-tag", "contact", "route-set", "record-route", "branch",
                                       "status", "uri", "call-id", "cseq", "via"]
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmed: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

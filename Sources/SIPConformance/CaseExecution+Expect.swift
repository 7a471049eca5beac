import SIPCore
import SIPUserAgent
import StackCore

extension CaseExecution {
    /// What satisfied an expectation.
    struct Awaited {
        var message: SIPMessage?
        var raw: [UInt8]
        var at: ContinuousClock.Instant
        var since: ContinuousClock.Instant
        var previousCopy: ContinuousClock.Instant?
        var closeCode: Int??
    }

    func expect(_ expectation: ConformanceExpectation) async throws(CaseFailure) {
        let header = Self.describe(expectation)
        let started = ContinuousClock.now
        let deadline = started + expectation.within
        var requestIndex: Int?
        switch expectation.kind {
        case .response(let label), .provisional(let label):
            if let label {
                guard let index = labels[label] else { throw failure(header, "no request labelled \(label)", expectation) }
                requestIndex = index
            } else {
                requestIndex = sent.indices.last { sent[$0].connection == current && sent[$0].method != "ACK" }
                guard requestIndex != nil else { throw failure(header, "no request sent on \(current) yet", expectation) }
            }
        case .handshake:
            guard let handshake = connections[current]?.handshake else {
                throw failure(header, "the connection is not a WebSocket", expectation)
            }
            try evaluate(expectation, header: header, awaited: Awaited(message: nil, raw: [], at: started, since: started),
                         handshake: handshake)
            return
        default:
            break
        }
        // Something already waiting in the backlog?
        if let found = takeFromBacklog(expectation.kind, requestIndex: requestIndex, since: started) {
            if let label = expectation.label, let request = lastRequest { receivedLabels[label] = request }
            try evaluate(expectation, header: header, awaited: found)
            return
        }
        if case .closed = expectation.kind, let code = closedConnections[current] {
            try evaluate(expectation, header: header, awaited: Awaited(message: nil, raw: [], at: started, since: started, closeCode: code))
            return
        }
        while true {
            let wake = min(deadline, nextRetransmission() ?? deadline)
            guard let inbound = await mailbox.next(before: wake) else {
                retransmitDue()
                if ContinuousClock.now < deadline { continue }
                if case .nothing = expectation.kind { return }
                if expectation.optional { return }
                throw failure(header, "nothing came within \(Self.format(expectation.within))", expectation)
            }
            switch inbound.event {
            case .frameProblem(let problem):
                throw failure(header, "WebSocket: \(problem)", expectation)
            case .unparsable(let raw, let reason):
                if case .closed = expectation.kind { continue }
                throw failure(header, "received a message that does not parse: \(reason)", expectation, message: raw)
            case .closed(let code):
                closedConnections[inbound.connection] = .some(code)
                guard inbound.connection == current else { continue }
                if case .closed = expectation.kind {
                    try evaluate(expectation, header: header,
                                 awaited: Awaited(message: nil, raw: [], at: inbound.at, since: started, closeCode: .some(code)))
                    return
                }
                if case .nothing = expectation.kind { throw failure(header, "the connection closed" + (code.map { " (code \($0))" } ?? ""), expectation) }
                throw failure(header, "the connection closed" + (code.map { " with code \($0)" } ?? "") + " before it came", expectation)
            case .message(let message, let raw):
                if !message.isRequest { identity.learn(from: message) }
                let arrival = Arrival(connection: inbound.connection, message: message, raw: raw, at: inbound.at)
                noteResponse(arrival)
                if case .nothing = expectation.kind, inbound.connection == current {
                    throw failure(header, "a message came", expectation, message: raw)
                }
                backlog.append(arrival)
                if let found = takeFromBacklog(expectation.kind, requestIndex: requestIndex, since: started) {
                    if let label = expectation.label, let request = lastRequest { receivedLabels[label] = request }
                    try evaluate(expectation, header: header, awaited: found)
                    return
                }
            }
        }
    }

    /// Marks the transaction a response answers (stops its retransmissions) and keeps challenges.
    private func noteResponse(_ arrival: Arrival) {
        guard let status = arrival.message.statusCode else { return }
        guard let index = transactionIndex(of: arrival.message) else { return }
        sent[index].answered = true
        if status >= 200 || sent[index].method == "INVITE" { sent[index].nextRetransmission = nil }
        if status == 401 || status == 407 { challenges.append((index, arrival.message)) }
    }

    /// The sent request a response belongs to: same top Via branch and CSeq method (RFC 3261
    /// §17.1.3); for a request sent without a branch, the same Call-ID and CSeq.
    private func transactionIndex(of response: SIPMessage) -> Int? {
        let branch = response.topVia?.branch
        let cseq = response.cseq
        return sent.indices.last { index in
            let request = sent[index]
            let requestCSeq = request.cseqMethod ?? request.method
            guard request.method != "ACK", cseq?.method.description == requestCSeq || cseq == nil else { return false }
            if let ours = request.branch, let branch { return ours == branch }
            return request.callID == response.callID && request.cseqNumber == cseq?.sequence
        }
    }

    private func takeFromBacklog(_ kind: ConformanceExpectation.Kind, requestIndex: Int?, since: ContinuousClock.Instant) -> Awaited? {
        for (position, arrival) in backlog.enumerated() where arrival.connection == current {
            let message = arrival.message
            var matched = false
            var previous: ContinuousClock.Instant?
            var origin = since
            switch kind {
            case .response, .provisional:
                guard let status = message.statusCode, let requestIndex, transactionIndex(of: message) == requestIndex else { continue }
                let wantFinal: Bool
                if case .response = kind { wantFinal = true } else { wantFinal = false }
                guard (status >= 200) == wantFinal else { continue }
                // 100 Trying is hop by hop (RFC 3261 §16.7 step 5): `expect provisional` waits past it.
                if !wantFinal, status == 100 { continue }
                let key = (sent[requestIndex].branch ?? "#\(requestIndex)") + " " + (sent[requestIndex].method ?? "")
                if wantFinal {
                    // A copy of a final already consumed is a retransmission, not the answer.
                    if consumedFinals[key] != nil { continue }
                    consumedFinals[key] = Self.firstLine(arrival.raw)
                    lastFinal = arrival
                    lastFinalCopyAt = arrival.at
                }
                origin = sent[requestIndex].firstSent
                matched = true
            case .request(let method):
                guard message.isRequest, message.method?.description.caseInsensitiveCompare(method) == .orderedSame else { continue }
                lastRequest = arrival
                matched = true
            case .retransmission:
                guard let final = lastFinal, !message.isRequest, message.topVia?.branch == final.message.topVia?.branch,
                      message.cseq == final.message.cseq, message.statusCode == final.message.statusCode else { continue }
                previous = lastFinalCopyAt
                lastFinalCopyAt = arrival.at
                origin = final.at
                matched = true
            case .nothing, .closed, .handshake:
                continue
            }
            if matched {
                backlog.remove(at: position)
                return Awaited(message: message, raw: arrival.raw, at: arrival.at, since: origin, previousCopy: previous)
            }
        }
        return nil
    }

    private static func firstLine(_ raw: [UInt8]) -> [UInt8] {
        Array(raw.prefix { $0 != 13 && $0 != 10 })
    }

    private func nextRetransmission() -> ContinuousClock.Instant? {
        sent.compactMap(\.nextRetransmission).min()
    }

    /// Resends every request whose Timer A/E is due (UDP only; RFC 3261 §17.1.1.2, §17.1.2.2).
    private func retransmitDue() {
        let now = ContinuousClock.now
        for index in sent.indices {
            guard let due = sent[index].nextRetransmission, due <= now else { continue }
            if now - sent[index].firstSent >= configuration.timers.transactionTimeout {
                sent[index].nextRetransmission = nil
                continue
            }
            connections[sent[index].connection]?.send(sent[index].bytes)
            var interval = sent[index].interval * 2
            if sent[index].method != "INVITE" { interval = min(interval, configuration.timers.t2) }
            sent[index].interval = interval
            sent[index].nextRetransmission = now + interval
        }
    }

    func failure(_ header: String, _ detail: String, _ expectation: ConformanceExpectation,
                 check: ConformanceCheck? = nil, message: [UInt8]? = nil) -> CaseFailure {
        let reference = check?.reference ?? (scenario.reference.isEmpty ? nil : scenario.reference)
        let text = check.map { "\(header): \($0.text)" } ?? header
        return CaseFailure(expectation: text, reference: reference, detail: detail, message: message.map(Self.excerpt),
                           line: check?.line ?? expectation.line)
    }

    static func describe(_ expectation: ConformanceExpectation) -> String {
        switch expectation.kind {
        case .response(let label): "expect response" + (label.map { " \($0)" } ?? "")
        case .provisional(let label): "expect provisional" + (label.map { " \($0)" } ?? "")
        case .request(let method): "expect request \(method)"
        case .nothing: "expect nothing for \(format(expectation.within))"
        case .retransmission: "expect retransmission"
        case .closed: "expect closed"
        case .handshake: "expect handshake"
        }
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = Int((duration.inSeconds * 1000).rounded())
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }
}

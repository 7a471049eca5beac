import CaptureFile
import SDP
import SIPCore
import SIPUserAgent

/// Rebuilds calls from the SIP messages of a capture, grouped by Call-ID: the timeline in the
/// seed's vocabulary, mapped as the stack's own outgoing call state machine maps them (a final
/// 403/603 is `rejected`, any other failure `failed` with the SDK's cause, 487 after a CANCEL
/// `canceled`), from the INVITE transaction's responses (auth challenges retried, 1xx, 2xx
/// or the final failure, CANCEL and 487, BYE), retransmissions told apart from new requests by
/// Via branch, CSeq and status, and the findings a person debugging the call wants first.
public enum CaptureCallBuilder {
    /// A request or response sent this many times or more is a retransmission storm.
    public static let stormThreshold = 4

    /// The calls (Call-IDs with an INVITE) among `messages`, in order of their first INVITE;
    /// `streams` are matched by Call-ID.
    public static func calls(from messages: [CapturedSIPMessage], streams: [RTPStreamReport],
                             ice: [String: (requests: Int, successes: Int)] = [:],
                             dtls: [String: (handshakes: Int, finished: Bool)] = [:]) -> [CaptureCall] {
        var groups: [String: [CapturedSIPMessage]] = [:]
        var order: [String] = []
        for message in messages {
            guard let callID = message.message?.callID else { continue }
            if groups[callID] == nil { order.append(callID) }
            groups[callID, default: []].append(message)
        }
        return order.compactMap { callID in
            build(callID, groups[callID] ?? [], streams: streams.filter { $0.callID == callID },
                  ice: ice[callID], dtls: dtls[callID])
        }
        .sorted { $0.start < $1.start }
    }

    /// The media a message's SDP announces: where its sender receives, and the payload types.
    public static func mediaOffer(_ message: CapturedSIPMessage) -> CaptureMediaOffer? {
        guard let sip = message.message, let callID = sip.callID, sip.bodyLength > 0,
              sip.value(.contentType)?.lowercased().hasPrefix("application/sdp") == true,
              let session = try? SDPSession(parsing: sip.body) else { return nil }
        var endpoints: [CaptureEndpoint] = []
        var payloadTypes: [UInt8: (name: String, clockRate: UInt32)] = [:]
        for media in session.media where media.media == "audio" {
            let host = media.connection?.host ?? session.connection?.host ?? ""
            if let address = Self.address(host), media.port != 0 {
                endpoints.append(CaptureEndpoint(address: address, port: media.port))
            }
            for candidate in media.candidates where candidate.transport.lowercased() == "udp" {
                if let address = Self.address(candidate.address) {
                    endpoints.append(CaptureEndpoint(address: address, port: candidate.port))
                }
            }
            for (format, map) in media.rtpMapsByFormat {
                if let type = UInt8(format) { payloadTypes[type] = (map.encodingName, map.clockRate) }
            }
        }
        return endpoints.isEmpty ? nil : CaptureMediaOffer(callID: callID, endpoints: endpoints, payloadTypes: payloadTypes)
    }

    /// A dotted IPv4 or an IPv6 literal.
    static func address(_ text: String) -> CaptureIPAddress? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4 {
            var value: UInt32 = 0
            for part in parts {
                guard let byte = UInt8(part) else { return nil }
                value = value << 8 | UInt32(byte)
            }
            return .v4(value)
        }
        guard text.contains(":") else { return nil }
        let halves = text.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        func groups(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var result: [UInt16] = []
            for piece in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard let value = UInt16(piece, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]), head.count <= 8 else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        let high = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return .v6(high, low)
    }

    private static func milliseconds(_ from: Int64, _ to: Int64) -> Double { Double(to - from) / 1_000_000 }

    private static func build(_ callID: String, _ messages: [CapturedSIPMessage], streams: [RTPStreamReport],
                              ice: (requests: Int, successes: Int)?, dtls: (handshakes: Int, finished: Bool)?) -> CaptureCall? {
        guard let first = messages.first(where: { $0.message?.method == .invite && $0.message?.to?.tag == nil }),
              let invite = first.message else { return nil }
        var call = CaptureCall(
            callID: callID, from: invite.from?.uri.description ?? "?", to: invite.to?.uri.description ?? "?",
            callerEndpoint: first.source, calleeEndpoint: first.destination, transport: first.transport,
            messages: messages, timeline: [CaptureCallStep(timestamp: first.timestamp, state: .initialized, cause: "INVITE")],
            endedBy: nil, endReason: nil, cause: nil, setupMilliseconds: nil, answerMilliseconds: nil, durationMilliseconds: nil,
            streams: streams, findings: [])
        func reach(_ state: SIPCallState, _ message: CapturedSIPMessage, _ cause: String) {
            guard call.state != state else { return }
            call.timeline.append(CaptureCallStep(timestamp: message.timestamp, state: state, cause: cause))
        }
        var seen: [String: (count: Int, frame: Int)] = [:]
        var answeredAt: Int64?
        var inviteCSeqs: Set<UInt32> = []
        var acked: Set<UInt32> = []
        var answeredCSeq: UInt32?
        var canceled = false
        var finalSeen = false
        for captured in messages {
            guard let sip = captured.message else {
                call.findings.append(CaptureFinding(kind: "parse-error", detail: "unparsable message: \(captured.problems.first ?? "?")",
                                                    frame: captured.frame))
                continue
            }
            if !captured.problems.isEmpty {
                call.findings.append(CaptureFinding(kind: "parse-error", detail: "\(captured.summary): \(captured.problems.joined(separator: "; "))",
                                                    frame: captured.frame))
            }
            if let declared = sip.contentLength, declared != sip.bodyLength, captured.transport == .udp {
                call.findings.append(CaptureFinding(kind: "content-length",
                                                    detail: "\(captured.summary): Content-Length \(declared), body \(sip.bodyLength) bytes",
                                                    frame: captured.frame))
            }
            // Retransmissions: the same branch, CSeq and start line again from the same sender.
            let key = "\(captured.source)|\(sip.topVia?.branch ?? "")|\(sip.cseq.map { "\($0.sequence) \($0.method.rawValue)" } ?? "")|\(sip.statusCode ?? 0)"
            let previous = seen[key]
            seen[key] = ((previous?.count ?? 0) + 1, previous?.frame ?? captured.frame)
            if previous != nil { continue }
            guard let cseq = sip.cseq else { continue }
            if let method = sip.method {
                switch method {
                case .invite where sip.to?.tag == nil:
                    inviteCSeqs.insert(cseq.sequence)
                case .ack:
                    acked.insert(cseq.sequence)
                case .cancel:
                    canceled = true
                case .bye:
                    let byCaller = captured.source == call.callerEndpoint || sip.from?.tag == invite.from?.tag
                    if call.state == .answered {
                        reach(.ended, captured, "BYE")
                        call.endedBy = byCaller ? "caller" : "callee"
                        call.endReason = sip.value(SIPHeaderName("Reason")) ?? "BYE"
                        if let answeredAt { call.durationMilliseconds = milliseconds(answeredAt, captured.timestamp) }
                    }
                default:
                    break
                }
                continue
            }
            guard let status = sip.statusCode, cseq.method == .invite, inviteCSeqs.contains(cseq.sequence) else { continue }
            let reason = "\(status) \(sip.reasonPhrase ?? "")"
            switch status {
            case 180, 183:
                if call.state == .initialized {
                    reach(.ringing, captured, reason)
                    call.setupMilliseconds = milliseconds(first.timestamp, captured.timestamp)
                }
            case 200..<300:
                if answeredAt == nil {
                    answeredAt = captured.timestamp
                    answeredCSeq = cseq.sequence
                    reach(.answered, captured, reason)
                    call.answerMilliseconds = milliseconds(first.timestamp, captured.timestamp)
                }
                finalSeen = true
            case 401, 407:
                continue   // a challenge: the caller sends the INVITE again with credentials
            case 300...:
                finalSeen = true
                guard answeredAt == nil else { continue }
                let cause: SIPCallCause = status == 487 && canceled ? .canceled : SIPCallCause(status: status)
                let state: SIPCallState = switch cause {
                case .canceled: .canceled
                case .rejected: .rejected
                default: .failed
                }
                reach(state, captured, reason)
                call.endedBy = state == .canceled ? "caller" : "callee"
                call.endReason = reason
                call.cause = cause.rawValue
            default:
                break
            }
        }
        for (key, entry) in seen where entry.count >= Self.stormThreshold {
            let what = key.split(separator: "|").dropFirst(2).joined(separator: " ")
            call.findings.append(CaptureFinding(kind: "retransmissions", detail: "\(what) sent \(entry.count) times", frame: entry.frame))
        }
        if !finalSeen {
            call.findings.append(CaptureFinding(kind: "invite-unanswered", detail: "the INVITE never got a final response", frame: first.frame))
        }
        if let answeredCSeq, !acked.contains(answeredCSeq) {
            call.findings.append(CaptureFinding(kind: "ack-missing", detail: "the 2xx was never ACKed", frame: first.frame))
        }
        if call.state == .answered {
            call.findings.append(CaptureFinding(kind: "bye-missing", detail: "the call was answered but never hung up in the capture",
                                                frame: nil))
        }
        if answeredAt != nil {
            mediaFindings(&call, ice: ice, dtls: dtls)
        }
        call.findings.sort { ($0.frame ?? .max, $0.kind) < ($1.frame ?? .max, $1.kind) }
        return call
    }

    private static func mediaFindings(_ call: inout CaptureCall, ice: (requests: Int, successes: Int)?,
                                      dtls: (handshakes: Int, finished: Bool)?) {
        let flowing = call.streams.filter { $0.packets > 0 }
        let directions = Set(flowing.map { "\($0.source)>\($0.destination)" })
        let reversed = Set(flowing.map { "\($0.destination)>\($0.source)" })
        if flowing.isEmpty {
            if let ice, ice.requests > 0, ice.successes == 0 {
                call.findings.append(CaptureFinding(kind: "ice-failed",
                                                    detail: "\(ice.requests) STUN binding requests, no success response", frame: nil))
            } else if let dtls, dtls.handshakes > 0, !dtls.finished {
                call.findings.append(CaptureFinding(kind: "dtls-unfinished",
                                                    detail: "\(dtls.handshakes) DTLS handshake records, no ChangeCipherSpec after them",
                                                    frame: nil))
            } else {
                call.findings.append(CaptureFinding(kind: "no-audio", detail: "no RTP for the answered call", frame: nil))
            }
            return
        }
        if directions.isDisjoint(with: reversed) {
            let only = flowing.map { "\($0.source) → \($0.destination)" }.joined(separator: ", ")
            call.findings.append(CaptureFinding(kind: "one-way-audio", detail: "RTP only \(only)", frame: nil))
        }
        if let ice, ice.requests > 0, ice.successes == 0 {
            call.findings.append(CaptureFinding(kind: "ice-failed",
                                                detail: "\(ice.requests) STUN binding requests, no success response", frame: nil))
        }
    }
}

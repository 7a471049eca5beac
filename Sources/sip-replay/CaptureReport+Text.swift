import CaptureAnalysis
import CaptureFile
import Foundation

/// `sip-replay FILE`: a summary table of the calls, then a ladder diagram per call.
extension CaptureReport {
    static func seconds(_ milliseconds: Double?) -> String {
        milliseconds.map { String(format: "%.3f s", $0 / 1000) } ?? "-"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }

    var text: String {
        var out = "\(frames) frames, \(messages.count) SIP messages, \(calls.count) calls, \(streams.count) RTP streams"
        if let start, let end { out += String(format: ", %.3f s", Double(end - start) / 1e9) }
        out += "\n"
        if !otherRequests.isEmpty {
            out += "other SIP: " + otherRequests.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ") + "\n"
        }
        for warning in warnings { out += "warning: \(warning)\n" }
        guard !calls.isEmpty else { return out }
        out += "\n"
        let header = ["#", "Call-ID", "From", "To", "State", "Setup", "Answer", "Duration", "Ended by", "Reason", "Streams", "Findings"]
        let widths = [3, 22, 24, 24, 9, 9, 9, 9, 8, 22, 7, 8]
        out += zip(header, widths).map { Self.pad($0, $1) }.joined(separator: " ") + "\n"
        for (index, call) in calls.enumerated() {
            let row = ["\(index + 1)", call.callID, call.from, call.to, call.state.rawValue, Self.seconds(call.setupMilliseconds),
                       Self.seconds(call.answerMilliseconds), Self.seconds(call.durationMilliseconds), call.endedBy ?? "-",
                       call.endReason ?? "-", "\(call.streams.count)", "\(call.findings.count)"]
            out += zip(row, widths).map { Self.pad($0, $1) }.joined(separator: " ") + "\n"
        }
        for (index, call) in calls.enumerated() {
            out += "\n" + call.ladder(number: index + 1)
        }
        return out
    }
}

extension CaptureCall {
    /// The ladder diagram: one column per endpoint, one row per message with its time since the
    /// INVITE, then the timeline, the streams and the findings.
    func ladder(number: Int) -> String {
        var columns: [CaptureEndpoint] = []
        for message in messages {
            for endpoint in [message.source, message.destination] where !columns.contains(endpoint) { columns.append(endpoint) }
        }
        let width = 28
        var out = "Call \(number): \(callID)  \(from) → \(to)  (\(transport.rawValue))  \(state.rawValue)\n"
        out += "           " + columns.map { CaptureReport.pad($0.description, width) }.joined() + "\n"
        var seen: Set<String> = []
        for message in messages {
            guard let from = columns.firstIndex(of: message.source), let to = columns.firstIndex(of: message.destination) else { continue }
            let offset = String(format: "%+9.3f", Double(message.timestamp - start) / 1e9)
            var label = message.message?.method?.rawValue ?? message.summary
            if let sip = message.message, sip.method == nil, let cseq = sip.cseq {
                label = "\(sip.statusCode ?? 0) \(sip.reasonPhrase ?? "")".prefix(18).trimmingCharacters(in: .whitespaces)
                    + " (\(cseq.method.rawValue))"
            }
            let key = "\(message.source)\(message.bytes.hashValue)"
            if !seen.insert(key).inserted { label += " ↻" }
            if message.message == nil || !message.problems.isEmpty { label += " !" }
            let low = min(from, to), high = max(from, to)
            var line = [Character](repeating: " ", count: width * columns.count)
            for column in 0..<columns.count { line[column * width] = "|" }
            let span = max(1, (high - low) * width - 1)
            var arrow = [Character](repeating: "-", count: span)
            if from < to { arrow[span - 1] = ">" } else { arrow[0] = "<" }
            let text = Array(" \(label) ".prefix(max(0, span - 2)))
            let begin = max(1, (span - text.count) / 2)
            for (index, character) in text.enumerated() where begin + index < span - 1 { arrow[begin + index] = character }
            if from == to { arrow = Array("(to itself) \(label)".prefix(width - 1)) }
            for (index, character) in arrow.enumerated() where low * width + 1 + index < line.count {
                line[low * width + 1 + index] = character
            }
            out += "\(offset)  " + String(line).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
                + "   #\(message.frame)\n"
        }
        out += "  timeline: " + timeline.map { step in
            String(format: "%@ %+.3f s (%@)", step.state.rawValue, Double(step.timestamp - start) / 1e9, step.cause)
        }.joined(separator: " → ") + "\n"
        if let endedBy { out += "  ended by \(endedBy): \(endReason ?? "-")\n" }
        for stream in streams {
            out += String(format: "  RTP %@ → %@ ssrc 0x%08X %@: %d packets, %d lost, %d seq errors, jitter max %.2f mean %.2f ms, largest gap %.1f ms, MOS %.2f",
                          stream.source.description, stream.destination.description, stream.ssrc, stream.codec ?? "pt \(stream.payloadType)",
                          stream.packets, stream.lost, stream.sequenceErrors, stream.maxJitterMilliseconds,
                          stream.meanJitterMilliseconds, stream.largestGapMilliseconds, stream.mos)
            if !stream.dtmf.isEmpty { out += ", DTMF " + stream.dtmf.map(\.digit).joined() }
            out += "\n"
        }
        for finding in findings {
            out += "  ! \(finding.kind): \(finding.detail)" + (finding.frame.map { " (frame \($0))" } ?? "") + "\n"
        }
        return out
    }
}

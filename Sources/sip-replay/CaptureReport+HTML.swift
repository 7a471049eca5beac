import CaptureAnalysis
import CaptureFile
import Foundation

/// `sip-replay --html OUT.html`: one self-contained page (inline CSS and SVG, no script, no
/// network): the summary table, then per call its ladder diagram as SVG, its timeline and
/// findings, and a jitter/loss plot per RTP stream.
extension CaptureReport {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    func html(title: String) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>sip-replay: \(Self.escape(title))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
            table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
            th{background:#f3f3f3}.bad{color:#b00}.ok{color:#070}section{margin:32px 0}
            svg text{font:12px ui-monospace,monospace}code{font:12px ui-monospace,monospace}
            </style></head><body>
            <h1>sip-replay: \(Self.escape(title))</h1>
            <p>\(frames) frames, \(messages.count) SIP messages, \(calls.count) calls, \(streams.count) RTP streams\
            \(start.flatMap { start in end.map { String(format: ", %.3f s", Double($0 - start) / 1e9) } } ?? "").</p>

            """
        if !warnings.isEmpty {
            page += "<ul>" + warnings.map { "<li class=\"bad\">\(Self.escape($0.description))</li>" }.joined() + "</ul>\n"
        }
        page += "<table><tr><th>#</th><th>Call-ID</th><th>From</th><th>To</th><th>State</th><th>Setup</th><th>Answer</th>"
            + "<th>Duration</th><th>Ended by</th><th>Reason</th><th>Findings</th></tr>\n"
        for (index, call) in calls.enumerated() {
            let cells = ["<a href=\"#call\(index + 1)\">\(index + 1)</a>", Self.escape(call.callID), Self.escape(call.from),
                         Self.escape(call.to), call.state.rawValue, Self.seconds(call.setupMilliseconds),
                         Self.seconds(call.answerMilliseconds), Self.seconds(call.durationMilliseconds), call.endedBy ?? "-",
                         Self.escape(call.endReason ?? "-"),
                         call.findings.isEmpty ? "<span class=\"ok\">none</span>" : "<span class=\"bad\">\(call.findings.count)</span>"]
            page += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        page += "</table>\n"
        for (index, call) in calls.enumerated() {
            page += "<section id=\"call\(index + 1)\"><h2>Call \(index + 1): <code>\(Self.escape(call.callID))</code></h2>\n"
            page += "<p>\(Self.escape(call.from)) → \(Self.escape(call.to)) over \(call.transport.rawValue): "
                + call.timeline.map { step in
                    Self.escape(String(format: "%@ %+.3f s (%@)", step.state.rawValue, Double(step.timestamp - call.start) / 1e9, step.cause))
                }.joined(separator: " → ") + "</p>\n"
            page += call.ladderSVG()
            if !call.findings.isEmpty {
                page += "<ul>" + call.findings.map { finding in
                    "<li class=\"bad\"><b>\(finding.kind)</b>: \(Self.escape(finding.detail))" + (finding.frame.map { " (frame \($0))" } ?? "") + "</li>"
                }.joined() + "</ul>\n"
            }
            for stream in call.streams { page += stream.plotSVG() }
            page += "</section>\n"
        }
        let loose = streams.filter { $0.callID == nil }
        if !loose.isEmpty {
            page += "<section><h2>RTP outside the calls' SDP</h2>\n" + loose.map { $0.plotSVG() }.joined() + "</section>\n"
        }
        return page + "</body></html>\n"
    }
}

extension CaptureCall {
    /// The ladder: a vertical line per endpoint, an arrow per message with its label and time.
    func ladderSVG() -> String {
        var columns: [CaptureEndpoint] = []
        for message in messages {
            for endpoint in [message.source, message.destination] where !columns.contains(endpoint) { columns.append(endpoint) }
        }
        let left = 90, spacing = 260, top = 40, row = 22
        let width = left + max(1, columns.count - 1) * spacing + 160
        let height = top + messages.count * row + 20
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\">\n"
        svg += "<defs><marker id=\"a\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\">"
            + "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#333\"/></marker></defs>\n"
        for (index, endpoint) in columns.enumerated() {
            let x = left + index * spacing
            svg += "<text x=\"\(x)\" y=\"16\" text-anchor=\"middle\">\(CaptureReport.escape(endpoint.description))</text>"
            svg += "<line x1=\"\(x)\" y1=\"24\" x2=\"\(x)\" y2=\"\(height - 10)\" stroke=\"#999\"/>\n"
        }
        for (index, message) in messages.enumerated() {
            guard let from = columns.firstIndex(of: message.source), let to = columns.firstIndex(of: message.destination) else { continue }
            let y = top + index * row
            let x1 = left + from * spacing, x2 = left + to * spacing
            var label = message.message?.method?.rawValue ?? message.summary
            if let sip = message.message, sip.method == nil, let cseq = sip.cseq {
                label = "\(sip.statusCode ?? 0) \(sip.reasonPhrase ?? "") (\(cseq.method.rawValue))"
            }
            let bad = message.message == nil || !message.problems.isEmpty
            let color = bad ? "#b00" : (message.message?.method == nil ? "#246" : "#333")
            svg += String(format: "<text x=\"4\" y=\"%d\">%+.3f</text>", y + 4, Double(message.timestamp - start) / 1e9)
            svg += "<line x1=\"\(x1)\" y1=\"\(y)\" x2=\"\(x2)\" y2=\"\(y)\" stroke=\"\(color)\" marker-end=\"url(#a)\"/>"
            svg += "<text x=\"\((x1 + x2) / 2)\" y=\"\(y - 4)\" text-anchor=\"middle\" fill=\"\(color)\">"
                + "<title>frame \(message.frame): \(CaptureReport.escape(message.problems.joined(separator: "; ")))</title>"
                + "\(CaptureReport.escape(label))</text>\n"
        }
        return svg + "</svg>\n"
    }
}

extension RTPStreamReport {
    /// Jitter (line) and packets lost so far (bars) over the stream's time.
    func plotSVG() -> String {
        let width = 640.0, height = 140.0, left = 50.0, bottom = 20.0
        let span = Double(max(end - start, 1))
        let maxJitter = max(1, samples.map(\.jitterMilliseconds).max() ?? 1)
        let maxLost = max(1, samples.map(\.lost).max() ?? 1)
        func x(_ time: Int64) -> Double { left + Double(time - start) / span * (width - left - 10) }
        var svg = String(format: "<h3>RTP %@ → %@, SSRC 0x%08X, %@</h3>\n<p>%d packets, %d lost, %d sequence errors, jitter max %.2f mean %.2f ms, largest gap %.1f ms, MOS %.2f%@</p>\n",
                         CaptureReport.escape(source.description), CaptureReport.escape(destination.description), ssrc,
                         CaptureReport.escape(codec ?? "payload type \(payloadType)"), packets, lost, sequenceErrors,
                         maxJitterMilliseconds, meanJitterMilliseconds, largestGapMilliseconds, mos,
                         dtmf.isEmpty ? "" : ", DTMF " + CaptureReport.escape(dtmf.map(\.digit).joined()))
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\">"
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>"
        svg += "<line x1=\"\(left)\" y1=\"8\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>"
        svg += String(format: "<text x=\"2\" y=\"14\">%.1f ms</text><text x=\"2\" y=\"%.0f\">0</text>", maxJitter, height - bottom)
        for sample in samples where sample.lost > 0 {
            let barHeight = Double(sample.lost) / Double(maxLost) * (height - bottom - 10)
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"3\" height=\"%.1f\" fill=\"#e99\"/>", x(sample.timestamp) - 1.5,
                          height - bottom - barHeight, barHeight)
        }
        let points = samples.map { String(format: "%.1f,%.1f", x($0.timestamp), height - bottom - $0.jitterMilliseconds / maxJitter * (height - bottom - 10)) }
        if !points.isEmpty {
            svg += "<polyline fill=\"none\" stroke=\"#246\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>"
        }
        svg += String(format: "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%.1f s</text>", width - 10, height - 4, span / 1e9)
        return svg + "</svg>\n"
    }
}

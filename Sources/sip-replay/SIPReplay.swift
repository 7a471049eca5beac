import ArgumentParser
import CaptureAnalysis
import CaptureFile
import Foundation

/// `sip-replay FILE [--json]`: rebuilds every call of a pcap or pcapng capture.
@main
struct SIPReplay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sip-replay",
        abstract: "Rebuild every SIP call of a pcap/pcapng capture: summary, ladder diagrams, RTP statistics, findings.",
        discussion: """
            Reads pcap and pcapng (Ethernet, Linux cooked v1/v2, raw IP, BSD loopback; IPv4/IPv6 with \
            fragments; SIP over UDP, TCP and WebSocket; RTP/RTCP, STUN and DTLS on the ports the SDP \
            announced, plus RTP found on other ports). Prints a summary table of the calls and a ladder \
            diagram per call; --json prints the same facts as one JSON object. Exit status: 0 read (even \
            with warnings), 1 not a capture or unreadable, 2 usage error.
            """)

    @Argument(help: "The capture file (pcap or pcapng).")
    var file: String

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    func run() throws {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            FileHandle.standardError.write(Data("sip-replay: cannot open \(file)\n".utf8))
            throw ExitCode(1)
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let progress = ProgressBar(total: size)
        var analyzer = CaptureAnalyzer()
        let report: CaptureReport
        do throws(CaptureFileError) {
            while true {
                let chunk = handle.readData(ofLength: 4 << 20)
                if chunk.isEmpty { break }
                try analyzer.append(chunk)
                progress.update(analyzer.bytesRead)
            }
            report = try analyzer.finish()
            progress.done()
        } catch {
            progress.done()
            FileHandle.standardError.write(Data("sip-replay: \(file): \(error)\n".utf8))
            throw ExitCode(1)
        }
        let output = json ? report.json.text + "\n" : report.text
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

/// A progress bar on standard error, drawn only when it is a terminal and the file is large.
struct ProgressBar {
    let total: Int
    let enabled: Bool

    init(total: Int) {
        self.total = total
        enabled = total > 16 << 20 && isatty(STDERR_FILENO) != 0
    }

    func update(_ done: Int) {
        guard enabled, total > 0 else { return }
        let fraction = min(1, Double(done) / Double(total))
        let filled = Int(fraction * 40)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 40 - filled)
        FileHandle.standardError.write(Data(String(format: "\r[%@] %3d%%", bar, Int(fraction * 100)).utf8))
    }

    func done() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

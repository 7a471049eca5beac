import ArgumentParser
import CaptureAnalysis
import CaptureFile
import Foundation
import Glibc

/// `sip-replay [analyze] FILE [--json] [--html OUT]`, `sip-replay replay FILE --call ID`,
/// `sip-replay send FILE --to HOST:PORT [--speed X]`.
@main
struct SIPReplay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sip-replay",
        abstract: "Debug calls from packet captures: rebuild them, replay one through the stack, or re-send its SIP.",
        subcommands: [Analyze.self, Replay.self, Send.self],
        defaultSubcommand: Analyze.self)

    /// Runs with the documented exit codes: a usage error is 2 (ArgumentParser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 1 {
                if code == .success { print(fullMessage(for: error)) }
                Foundation.exit(code.rawValue)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }

    /// Reads a whole capture through the analyzer, with a progress bar for large files.
    static func analyze(_ file: String) throws -> CaptureReport {
        let descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else {
            FileHandle.standardError.write(Data("sip-replay: cannot open \(file)\n".utf8))
            throw ExitCode(1)
        }
        defer { close(descriptor) }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let progress = ProgressBar(total: size)
        var analyzer = CaptureAnalyzer()
        do throws(CaptureFileError) {
            while true {
                // read(2) straight into the array the analyzer keeps: no copy of the chunk.
                let chunk = [UInt8](unsafeUninitializedCapacity: 4 << 20) { buffer, count in
                    count = max(0, read(descriptor, buffer.baseAddress, buffer.count))
                }
                if chunk.isEmpty { break }
                try analyzer.append(chunk)
                progress.update(analyzer.bytesRead)
            }
            let report = try analyzer.finish()
            progress.done()
            return report
        } catch {
            progress.done()
            FileHandle.standardError.write(Data("sip-replay: \(file): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// `sip-replay [analyze] FILE`: the summary, ladders, JSON or HTML.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild every SIP call of a pcap/pcapng capture: summary, ladder diagrams, RTP statistics, findings.",
        discussion: """
            Reads pcap and pcapng (Ethernet, Linux cooked v1/v2, raw IP, BSD loopback; IPv4/IPv6 with \
            fragments; SIP over UDP, TCP and WebSocket; RTP/RTCP, STUN and DTLS on the ports the SDP \
            announced, plus RTP found on other ports). Prints a summary table of the calls and a ladder \
            diagram per call; --json prints the same facts as one JSON object; --html also writes a \
            self-contained page with a ladder per call and a jitter/loss plot per stream. Exit status: 0 read (even \
            with warnings), 1 not a capture or unreadable, 2 usage error.
            """)

    @Argument(help: "The capture file (pcap or pcapng); or --interface for a live capture.")
    var file: String?

    @Option(name: [.customShort("i"), .long], help: ArgumentHelp("Capture live on this interface (e.g. lo; needs root or CAP_NET_RAW).", valueName: "interface"))
    var interface: String?

    @Option(name: [.customShort("f"), .long], help: ArgumentHelp("The BPF filter of the live capture (tcpdump's syntax).", valueName: "filter"))
    var filter: String?

    @Option(name: .long, help: "Stop the live capture after this many seconds (default: at SIGINT).")
    var duration: Double?

    @Option(name: [.customShort("w"), .long], help: ArgumentHelp("Also save the live capture as a pcap file.", valueName: "FILE.pcap"))
    var write: String?

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Also write one self-contained HTML page (ladders, jitter/loss plots).", valueName: "OUT.html"))
    var html: String?

    func validate() throws {
        guard (file == nil) != (interface == nil) else { throw ValidationError("Give a capture FILE or --interface, not both.") }
        if let duration, !(duration.isFinite && duration > 0) { throw ValidationError("--duration must be above 0.") }
        if interface == nil, filter != nil || duration != nil || write != nil {
            throw ValidationError("--filter, --duration and --write go with --interface.")
        }
    }

    func run() throws {
        let report: CaptureReport
        if let file {
            report = try SIPReplay.analyze(file)
        } else {
            report = try LiveSession(interface: interface ?? "lo", filter: filter, duration: duration, write: write).run()
        }
        let file = file ?? "\(interface ?? "")-live"
        if let html {
            do {
                try report.html(title: (file as NSString).lastPathComponent).write(toFile: html, atomically: true, encoding: .utf8)
            } catch {
                FileHandle.standardError.write(Data("sip-replay: cannot write \(html): \(error)\n".utf8))
                throw ExitCode(1)
            }
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

import ArgumentParser
import CaptureAnalysis
import Foundation

/// `sip-replay replay FILE --call CALL-ID`: the call fed through the stack's call state machine.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Feed one call's messages into the stack's call state machine on the capture's clock; print the states it reaches.",
        discussion: """
            The call is replayed from its caller's side: the INVITE becomes a dial, every message the caller \
            received is fed when it arrived, the caller's CANCEL or BYE becomes a hangup, and the machine's \
            timers fire as the capture's time passes them. Each line shows the input, the state the stack \
            reached, what it emitted and what it would have sent. Exit status: 0 replayed, 1 no such call or \
            not a capture, 2 usage error.
            """)

    @Argument(help: "The capture file (pcap or pcapng).")
    var file: String

    @Option(name: .long, help: ArgumentHelp("The Call-ID of the call (a unique prefix is enough).", valueName: "CALL-ID"))
    var call: String

    func run() throws {
        let report = try SIPReplay.analyze(file)
        let matches = report.calls.filter { $0.callID == call || $0.callID.hasPrefix(call) }
        guard matches.count == 1, let chosen = matches.first else {
            let known = report.calls.map(\.callID).joined(separator: ", ")
            FileHandle.standardError.write(Data("sip-replay: \(matches.isEmpty ? "no" : "more than one") call \(call) in \(file) (calls: \(known.isEmpty ? "none" : known))\n".utf8))
            throw ExitCode(1)
        }
        var out = "replay of \(chosen.callID) from the caller's side (\(chosen.callerEndpoint)):\n"
        for step in CallReplay.replay(chosen) {
            let time = String(format: "%+9.3f", Double(step.timestamp - chosen.start) / 1e9)
            let frame = step.frame.map { "#\($0)" } ?? "-"
            let input = step.input.count < 36 ? CaptureReport.pad(step.input, 36) : step.input
            out += "\(time)  \(CaptureReport.pad(frame, 5)) \(input) → \(CaptureReport.pad(step.state.rawValue, 11))"
            if !step.events.isEmpty { out += " emits " + step.events.joined(separator: ", ") }
            if !step.actions.isEmpty { out += (step.events.isEmpty ? "" : ";") + " sends " + step.actions.joined(separator: ", ") }
            out += "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

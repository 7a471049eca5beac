import ArgumentParser
import Dispatch
import Foundation
import PlivoSDK
import StackCore

/// `sip-edge`: serves the embedded edge alone (registrar + proxy over SIP/WebSocket and UDP)
/// until interrupted. Prints one JSON line with the addresses once it listens.
@main
struct SIPEdgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sip-edge",
        abstract: "Serve the embedded SIP edge (registrar, proxy and built-in numbers over SIP/WebSocket, UDP and TCP) on 127.0.0.1.",
        discussion: """
            Prints {"ws":"ws://127.0.0.1:PORT/","udp":"127.0.0.1:PORT","tcp":"127.0.0.1:PORT","realm":"…","users":[…],"numbers":[…]} once \
            listening, then serves until SIGINT or SIGTERM. Accounts are USER:PASSWORD; 10 failed logins from one \
            address block it for that user for 10 minutes; calls need the caller's credentials (407). Numbers: \
            echo, tone (1 kHz), dtmf (prints {"dtmf":"D","from":"CALLER"} for each digit it receives and sends \
            it back), busy (486), no-answer (rings).
            """)

    @Option(name: .customLong("ws-port"), help: "The SIP-over-WebSocket port (0: any free port).")
    var webSocketPort = 5066

    @Option(name: .customLong("udp-port"), help: "The SIP-over-UDP port (0: any free port).")
    var udpPort = 5060

    @Option(name: .customLong("tcp-port"), help: "The SIP-over-TCP port (0: any free port).")
    var tcpPort = 5060

    @Option(name: .long, help: "The digest realm.")
    var realm = "edge.local"

    @Option(name: .customLong("user"), help: "An account as USER:PASSWORD (repeatable; default alice and bob).")
    var users: [String] = ["alice:alice-pw", "bob:bob-pw"]

    func validate() throws {
        for user in users where !user.contains(":") || user.hasPrefix(":") {
            throw ValidationError("--user \(user): expected USER:PASSWORD")
        }
        for (name, port) in [("--ws-port", webSocketPort), ("--udp-port", udpPort), ("--tcp-port", tcpPort)] where !(0...65_535).contains(port) {
            throw ValidationError("\(name) \(port): expected 0–65535")
        }
    }

    func run() async throws {
        var accounts: [String: String] = [:]
        for entry in users {
            let parts = entry.split(separator: ":", maxSplits: 1)
            accounts[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let edge = PlivoLocalEdge(accounts: accounts, realm: realm, webSocketPort: webSocketPort, udpPort: udpPort,
                                  tcpPort: tcpPort)
        edge.onDigit { digit, caller in
            let line = #"{"dtmf":\#(JSONStringLiteral.quoted(digit)),"from":\#(JSONStringLiteral.quoted(caller))}"#
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        let addresses: PlivoLocalEdge.Addresses
        do {
            addresses = try await edge.start()
        } catch {
            throw ValidationError("cannot listen: \(error)")
        }
        let names = accounts.keys.sorted().map { "\"\($0)\"" }.joined(separator: ",")
        let numbers = #""busy","dtmf","echo","no-answer","tone""#
        let line = #"{"ws":"\#(addresses.webSocketURL)","udp":"\#(addresses.udp)","tcp":"\#(addresses.tcp)","realm":"\#(realm)","users":[\#(names)],"numbers":[\#(numbers)]}"#
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
        await Self.waitForTermination()
        await edge.stop()
    }

    /// Returns on SIGINT or SIGTERM.
    static func waitForTermination() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "sip-edge.signals")
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = Once(continuation)
            for number in [SIGINT, SIGTERM] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { once.resume() }
                source.resume()
                Self.sources.append(source)
            }
        }
    }

    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []

    final class Once: @unchecked Sendable {
        private var continuation: CheckedContinuation<Void, Never>?
        private let lock = NSLock()
        init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }
        func resume() {
            lock.lock()
            let pending = continuation
            continuation = nil
            lock.unlock()
            pending?.resume()
        }
    }
}

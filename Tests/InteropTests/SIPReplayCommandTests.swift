import Foundation
import Glibc
import Testing

/// `sip-replay replay`, `send` and `--html` on the recorded captures.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SIPReplayCommandTests {
    static let folder = SIPReplayFixtureTests.folder

    static func sipReplay(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try SIPReplayFixtureTests.run(try PlivoPhoneRunner.binary("sip-replay").path, arguments)
    }

    static func callIDs(_ name: String) throws -> [String] {
        SIPReplayFixtureTests.calls(try SIPReplayFixtureTests.report(name)).compactMap { $0["callID"] as? String }
    }

    /// A UDP socket bound to an ephemeral loopback port, and the port.
    static func udpSocket() -> (Int32, UInt16) {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }

    /// The input and state columns of `replay`'s lines.
    static func steps(_ output: String) -> [String] {
        output.split(separator: "\n").dropFirst().map { line in
            let parts = line.split(separator: "→", maxSplits: 1)
            let input = parts[0].split(separator: " ").dropFirst(2).joined(separator: " ")
            let state = parts.count > 1 ? parts[1].split(separator: " ").first.map(String.init) ?? "" : ""
            return "\(input) → \(state)"
        }
    }

    @Test("replay: the stack's call state machine, fed the caller's side of each recorded call, reaches the states the call had")
    func replay() throws {
        let call = try #require(try Self.callIDs("kamailio-udp-call.pcapng").first)
        let answered = try Self.sipReplay(["replay", Self.folder.appendingPathComponent("kamailio-udp-call.pcapng").path,
                                           "--call", String(call.prefix(10))])
        #expect(answered.status == 0)
        #expect(Self.steps(answered.output) == [
            "dial INVITE → initialized", "response 407 Proxy Authentication Required → initialized",
            "response 100 trying -- your call is important to us → initialized", "response 180 Ringing → ringing",
            "response 200 Answering → answered", "hangup (the caller sent BYE) → ended", "response 200 OK → ended",
        ], "\(answered.output)")
        #expect(answered.output.contains("emits accepted, answered; sends ACK"))
        let ids = try Self.callIDs("kamailio-cancel-reject.pcapng")
        let capture = Self.folder.appendingPathComponent("kamailio-cancel-reject.pcapng").path
        let refused = try Self.sipReplay(["replay", capture, "--call", ids[0]])
        #expect(Self.steps(refused.output).last == "response 486 Busy Here → failed" && refused.output.contains("failed Busy (486)"))
        let canceled = try Self.sipReplay(["replay", capture, "--call", ids[1]])
        #expect(Self.steps(canceled.output).contains("hangup (the caller sent CANCEL) → canceled"), "\(canceled.output)")
        #expect(canceled.output.contains("sends CANCEL"))
        #expect(try Self.sipReplay(["replay", capture, "--call", "no-such-call"]).status == 1)
    }

    @Test("send: the caller's messages reach a UDP server on loopback byte for byte, in order, at 20× speed; non-loopback targets are refused")
    func send() throws {
        // A UDP server on an ephemeral loopback port that collects what arrives.
        let (server, port) = Self.udpSocket()
        defer { close(server) }
        let capture = Self.folder.appendingPathComponent("kamailio-udp-call.pcapng").path
        let report = try SIPReplayFixtureTests.report("kamailio-udp-call.pcapng")
        let call = try #require(SIPReplayFixtureTests.calls(report).first)
        let caller = try #require(call["caller"] as? String)
        let sent = try Self.sipReplay(["send", capture, "--to", "127.0.0.1:\(port)", "--speed", "20", "--from", caller])
        #expect(sent.status == 0, "\(sent.output)")
        let expected = (report["calls"] as? [[String: Any]] ?? []).flatMap { $0["messages"] as? [[String: Any]] ?? [] }
            .filter { $0["source"] as? String == caller }.compactMap { $0["summary"] as? String }
        var received: [String] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            var poller = pollfd(fd: server, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 200) > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { recv(server, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received.append(String(decoding: buffer.prefix(count).prefix { $0 != 13 }, as: UTF8.self))
        }
        // The caller's call messages are among what was sent (REGISTERs from the same port too).
        let callLines = received.filter { line in expected.contains { line.hasPrefix($0.split(separator: " ").first.map(String.init) ?? "?") } }
        #expect(received.count == sent.output.split(separator: "\n").filter { $0.contains(" > ") }.count, "\(received)")
        #expect(callLines.first?.hasPrefix("INVITE sip:bob@127.0.0.1") == true, "\(received)")
        #expect(received.contains { $0.hasPrefix("BYE ") })
        let refused = try Self.sipReplay(["send", capture, "--to", "192.0.2.1:5060"])
        #expect(refused.status == 2)
    }

    @Test("--html writes one self-contained page: a ladder (SVG) per call, a plot per stream, no script and no external resource")
    func html() throws {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString.prefix(6)).html")
        defer { try? FileManager.default.removeItem(at: page) }
        let (status, _) = try Self.sipReplay(["--html", page.path, Self.folder.appendingPathComponent("kamailio-ws-call.pcapng").path])
        #expect(status == 0)
        let text = try String(contentsOf: page, encoding: .utf8)
        #expect(text.hasPrefix("<!DOCTYPE html>") && text.hasSuffix("</html>\n"))
        #expect(text.components(separatedBy: "<svg ").count - 1 == 1 + 2)   // one ladder, two stream plots
        #expect(!text.contains("<script") && !text.contains("http://") || text.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!text.contains("src=") && !text.contains("<link"))
        #expect(text.contains("INVITE") && text.contains("200 Answering (INVITE)") && text.contains("RTP 127.0.0.1:"))
    }

    @Test("--interface lo --filter: a call sent over loopback while sip-replay captures live is rebuilt, and --write saves it as a pcap that reads the same",
          .enabled(if: geteuid() == 0, "live capture needs root"))
    func liveCapture() async throws {
        let (alice, alicePort) = Self.udpSocket(), (bob, bobPort) = Self.udpSocket()
        defer {
            close(alice)
            close(bob)
        }
        func send(_ text: String, from descriptor: Int32, to port: UInt16) {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bytes = Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            _ = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                    bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, target, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
            }
        }
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID().uuidString.prefix(6)).pcap").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        let replay = try PhoneProcess(["--interface", "lo", "--filter", "udp port \(alicePort) or udp port \(bobPort)", "--duration", "3",
                                       "--json", "--write", saved], executable: "sip-replay", timeout: 20)
        try await replay.waitForError(containing: "capturing on lo")
        try await Task.sleep(for: .milliseconds(300))   // libpcap has the filter in place once it says so; a margin for the kernel
        func message(_ start: String, cseq: String, toTag: Bool) -> String {
            "\(start)\nVia: SIP/2.0/UDP 127.0.0.1:\(alicePort);branch=z9hG4bK\(cseq.prefix(1))\nMax-Forwards: 70\n"
                + "From: <sip:alice@127.0.0.1>;tag=a\nTo: <sip:bob@127.0.0.1>\(toTag ? ";tag=b" : "")\nCall-ID: live-call\n"
                + "CSeq: \(cseq)\nContent-Length: 0\n\n"
        }
        send(message("INVITE sip:bob@127.0.0.1 SIP/2.0", cseq: "1 INVITE", toTag: false), from: alice, to: bobPort)
        send(message("SIP/2.0 180 Ringing", cseq: "1 INVITE", toTag: true), from: bob, to: alicePort)
        send(message("SIP/2.0 200 OK", cseq: "1 INVITE", toTag: true), from: bob, to: alicePort)
        send(message("ACK sip:bob@127.0.0.1 SIP/2.0", cseq: "1 ACK", toTag: true), from: alice, to: bobPort)
        send(message("BYE sip:bob@127.0.0.1 SIP/2.0", cseq: "2 BYE", toTag: true), from: alice, to: bobPort)
        send(message("SIP/2.0 200 OK", cseq: "2 BYE", toTag: true), from: bob, to: alicePort)
        let output = await replay.finish()
        #expect(output.status == 0, "\(output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output)")
        let call = try #require(SIPReplayFixtureTests.calls(report).first, "\(output)")
        #expect(call["callID"] as? String == "live-call" && call["state"] as? String == "ended" && call["endedBy"] as? String == "caller")
        let again = try Self.sipReplay(["--json", saved])
        let reread = try #require(try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any])
        #expect(SIPReplayFixtureTests.calls(reread).first?["state"] as? String == "ended")
        #expect(reread["sipMessages"] as? Int == 6)
    }
}

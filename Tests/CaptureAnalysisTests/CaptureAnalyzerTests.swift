import CaptureAnalysis
import CaptureFile
import SIPUserAgent
import Testing

/// Calls rebuilt from synthetic captures with known facts.
@Suite struct CaptureAnalyzerTests {
    static func report(_ bytes: [UInt8], chunk: Int = 1 << 20) throws -> CaptureReport {
        var analyzer = CaptureAnalyzer()
        var index = 0
        while index < bytes.count {
            try analyzer.append(bytes[index..<min(bytes.count, index + chunk)])
            index += chunk
        }
        return try analyzer.finish()
    }

    @Test("an answered call: timeline, times, who hung up and why, both RTP streams with loss, jitter, wrap, DTMF")
    func answered() throws {
        var capture = SyntheticCall()
        capture.answeredCall(packets: 50, aliceLost: [10, 11, 30], byeFromBob: true)
        for chunk in [1 << 20, 333] {
            let report = try Self.report(capture.writer.bytes, chunk: chunk)
            #expect(report.calls.count == 1 && report.messages.count == 7)
            let call = try #require(report.calls.first)
            #expect(call.timeline.map(\.state) == [.initialized, .ringing, .answered, .ended])
            #expect(call.timeline.map(\.cause) == ["INVITE", "180 Ringing", "200 OK", "BYE"])
            #expect(call.setupMilliseconds == 101 && call.answerMilliseconds == 1101)
            #expect(call.endedBy == "callee" && call.endReason == "Q.850;cause=16;text=\"Normal call clearing\"")
            #expect(call.from == "sip:alice@127.0.0.1" && call.to == "sip:bob@127.0.0.1" && call.transport == .udp)
            #expect(call.findings.isEmpty, "\(call.findings)")
            #expect(call.streams.count == 2)
            let fromAlice = try #require(call.streams.first { $0.ssrc == 0xA11CE })
            #expect(fromAlice.packets == 47 + 3 && fromAlice.lost == 3 && fromAlice.codec == "PCMU")
            #expect(fromAlice.dtmf.map(\.digit) == ["5"])
            #expect(fromAlice.largestGapMilliseconds > 59 && fromAlice.largestGapMilliseconds < 61)   // two lost in a row
            let fromBob = try #require(call.streams.first { $0.ssrc == 0xB0B })
            #expect(fromBob.packets == 50 && fromBob.lost == 0 && fromBob.sequenceErrors == 0)   // across the 65535 → 0 wrap
            #expect(fromBob.mos > 4.3)
        }
    }

    @Test("findings: a rejected call, a canceled one, an INVITE never answered and retransmitted, a 2xx never ACKed, one-way audio")
    func findings() throws {
        var capture = SyntheticCall()
        typealias S = SyntheticCall
        // Rejected.
        capture.udp(S.sip("INVITE sip:bob@127.0.0.1 SIP/2.0", callID: "rejected", cseq: "1 INVITE"), from: capture.alice, 5060, to: capture.bob, 5080)
        capture.udp(S.sip("SIP/2.0 486 Busy Here", callID: "rejected", cseq: "1 INVITE", toTag: "x"), from: capture.bob, 5080, to: capture.alice, 5060)
        // Canceled.
        capture.udp(S.sip("INVITE sip:bob@127.0.0.1 SIP/2.0", callID: "canceled", cseq: "1 INVITE", branch: "z9hG4bKc"),
                    from: capture.alice, 5060, to: capture.bob, 5080)
        capture.udp(S.sip("SIP/2.0 180 Ringing", callID: "canceled", cseq: "1 INVITE", toTag: "y", branch: "z9hG4bKc"),
                    from: capture.bob, 5080, to: capture.alice, 5060)
        capture.udp(S.sip("CANCEL sip:bob@127.0.0.1 SIP/2.0", callID: "canceled", cseq: "1 CANCEL", branch: "z9hG4bKc"),
                    from: capture.alice, 5060, to: capture.bob, 5080)
        capture.udp(S.sip("SIP/2.0 487 Request Terminated", callID: "canceled", cseq: "1 INVITE", toTag: "y", branch: "z9hG4bKc"),
                    from: capture.bob, 5080, to: capture.alice, 5060)
        // Never answered, sent 5 times.
        for _ in 0..<5 {
            capture.udp(S.sip("INVITE sip:bob@127.0.0.1 SIP/2.0", callID: "lost", cseq: "1 INVITE", branch: "z9hG4bKl"),
                        from: capture.alice, 5060, to: capture.bob, 5080, after: 500)
        }
        // Answered, never ACKed, RTP one way only, no BYE.
        capture.udp(S.sip("INVITE sip:bob@127.0.0.1 SIP/2.0", callID: "oneway", cseq: "1 INVITE", branch: "z9hG4bKo", sdpPort: 4100),
                    from: capture.alice, 5060, to: capture.bob, 5080)
        capture.udp(S.sip("SIP/2.0 200 OK", callID: "oneway", cseq: "1 INVITE", toTag: "z", branch: "z9hG4bKo", sdpPort: 6100,
                          sdpHost: "127.0.0.2"), from: capture.bob, 5080, to: capture.alice, 5060)
        for index in 0..<20 {
            capture.udp(S.rtp(sequence: UInt16(index), timestamp: UInt32(index * 160), ssrc: 7), from: capture.alice, 4100,
                        to: capture.bob, 6100, after: 20)
        }
        let report = try Self.report(capture.writer.bytes)
        let byID = Dictionary(uniqueKeysWithValues: report.calls.map { ($0.callID, $0) })
        #expect(byID["rejected"]?.state == .failed && byID["rejected"]?.cause == "Busy" && byID["rejected"]?.endedBy == "callee"
                    && byID["rejected"]?.endReason == "486 Busy Here")
        #expect(byID["canceled"]?.timeline.map(\.state) == [.initialized, .ringing, .canceled] && byID["canceled"]?.endedBy == "caller")
        #expect(byID["lost"]?.findings.map(\.kind).sorted() == ["invite-unanswered", "retransmissions"])
        #expect(byID["lost"]?.findings.first { $0.kind == "retransmissions" }?.detail == "1 INVITE 0 sent 5 times")
        #expect(byID["oneway"]?.findings.map(\.kind).sorted() == ["ack-missing", "bye-missing", "one-way-audio"])
        #expect(report.calls.map(\.callID) == ["rejected", "canceled", "lost", "oneway"])
    }

    @Test("a broken capture: a cut last record and a SIP message with a bad Content-Length give warnings and findings, not a crash")
    func damaged() throws {
        var capture = SyntheticCall()
        var invite = SyntheticCall.sip("INVITE sip:bob@127.0.0.1 SIP/2.0", callID: "cl", cseq: "1 INVITE", sdpPort: 4000)
        invite.removeLast(10)   // the body is shorter than its Content-Length says
        capture.udp(invite, from: capture.alice, 5060, to: capture.bob, 5080)
        capture.udp(SyntheticCall.sip("SIP/2.0 180 Ringing", callID: "cl", cseq: "1 INVITE", toTag: "t"), from: capture.bob, 5080,
                    to: capture.alice, 5060)
        let bytes = Array(capture.writer.bytes.dropLast(5))
        let report = try Self.report(bytes)
        #expect(report.warnings.map(\.message) == ["the file ends inside a record (" + "\(16 + 20 + 8 + SyntheticCall.sip("SIP/2.0 180 Ringing", callID: "cl", cseq: "1 INVITE", toTag: "t").count - 5) bytes left)"])
        let call = try #require(report.calls.first)
        #expect(call.findings.contains { $0.kind == "parse-error" || $0.kind == "content-length" }, "\(call.findings)")
        #expect(call.findings.contains { $0.kind == "invite-unanswered" })
    }

    /// An answered call whose media never flows; `media` sends what goes to the SDP's ports.
    static func answeredWithoutRTP(_ callID: String, media: (inout SyntheticCall) -> Void) throws -> CaptureCall {
        var capture = SyntheticCall()
        typealias S = SyntheticCall
        capture.udp(S.sip("INVITE sip:bob@127.0.0.1 SIP/2.0", callID: callID, cseq: "1 INVITE", sdpPort: 4200),
                    from: capture.alice, 5060, to: capture.bob, 5080)
        capture.udp(S.sip("SIP/2.0 200 OK", callID: callID, cseq: "1 INVITE", toTag: "t", sdpPort: 6200, sdpHost: "127.0.0.2"),
                    from: capture.bob, 5080, to: capture.alice, 5060)
        capture.udp(S.sip("ACK sip:bob@127.0.0.1 SIP/2.0", callID: callID, cseq: "1 ACK", toTag: "t", branch: "z9hG4bKa"),
                    from: capture.alice, 5060, to: capture.bob, 5080)
        media(&capture)
        capture.udp(S.sip("BYE sip:bob@127.0.0.1 SIP/2.0", callID: callID, cseq: "2 BYE", toTag: "t", branch: "z9hG4bKb"),
                    from: capture.alice, 5060, to: capture.bob, 5080)
        return try #require(try Self.report(capture.writer.bytes).calls.first)
    }

    @Test("media findings: STUN checks never answered are ice-failed, a DTLS handshake that never finishes is dtls-unfinished, silence is no-audio")
    func mediaFindings() throws {
        // A STUN Binding request: type 0x0001, length 0, the magic cookie, a transaction ID.
        let binding: [UInt8] = [0, 1, 0, 0, 0x21, 0x12, 0xA4, 0x42] + [UInt8](repeating: 7, count: 12)
        let ice = try Self.answeredWithoutRTP("ice") { capture in
            for _ in 0..<5 { capture.udp(binding, from: capture.alice, 4200, to: capture.bob, 6200, after: 50) }
        }
        #expect(ice.findings.map(\.kind) == ["ice-failed"] && ice.findings.first?.detail == "5 STUN binding requests, no success response")
        // DTLS handshake records (content type 22), no ChangeCipherSpec (20) after them.
        let hello: [UInt8] = [22, 0xFE, 0xFD] + [UInt8](repeating: 0, count: 10)
        let dtls = try Self.answeredWithoutRTP("dtls") { capture in
            capture.udp(hello, from: capture.alice, 4200, to: capture.bob, 6200)
            capture.udp(hello, from: capture.bob, 6200, to: capture.alice, 4200)
        }
        #expect(dtls.findings.map(\.kind) == ["dtls-unfinished"], "\(dtls.findings)")
        let silent = try Self.answeredWithoutRTP("silent") { _ in }
        #expect(silent.findings.map(\.kind) == ["no-audio"], "\(silent.findings)")
    }

    @Test("600 streams interleaved (the stream table grows past its first sizes): each keeps its own packets")
    func manyStreams() throws {
        var capture = SyntheticCall()
        for round in 0..<12 {
            for ssrc in 1...600 {
                capture.udp(SyntheticCall.rtp(sequence: UInt16(round), timestamp: UInt32(round * 160), ssrc: UInt32(ssrc)),
                            from: capture.alice, 7000 + ssrc % 3, to: capture.bob, 9000, after: 0.01)
            }
        }
        let report = try Self.report(capture.writer.bytes)
        #expect(report.streams.count == 600)
        #expect(report.streams.allSatisfy { $0.packets == 12 && $0.lost == 0 && $0.sequenceErrors == 0 })
        #expect(Set(report.streams.map(\.ssrc)).count == 600)
    }
}

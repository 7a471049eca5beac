import CaptureFile

/// Writes test captures of whole calls: SIP over UDP between two loopback endpoints with SDP,
/// and RTP both ways (20 ms PCMU packets, with chosen losses and an RFC 4733 digit).
struct SyntheticCall {
    var writer = CaptureFileWriter(linkType: 101)
    var time: Int64 = 1_700_000_000_000_000_000
    let alice: UInt32 = 0x7F00_0001, bob: UInt32 = 0x7F00_0002

    static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    static func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    mutating func udp(_ payload: [UInt8], from source: UInt32, _ sourcePort: Int, to destination: UInt32, _ destinationPort: Int,
                      after milliseconds: Double = 1) {
        time += Int64(milliseconds * 1_000_000)
        let udp = Self.be16(sourcePort) + Self.be16(destinationPort) + Self.be16(8 + payload.count) + [0, 0] + payload
        let ip = [0x45, 0] + Self.be16(20 + udp.count) + [0, 1, 0, 0, 64, 17, 0, 0] + Self.be32(source) + Self.be32(destination) + udp
        writer.append(frame: ip, timestamp: time)
    }

    static func sip(_ startLine: String, callID: String, cseq: String, fromTag: String = "a1", toTag: String? = nil,
                    branch: String = "z9hG4bK1", extra: [String] = [], sdpPort: Int? = nil, sdpHost: String = "127.0.0.1") -> [UInt8] {
        let body = sdpPort.map {
            "v=0\r\no=- 1 1 IN IP4 \(sdpHost)\r\ns=-\r\nc=IN IP4 \(sdpHost)\r\nt=0 0\r\nm=audio \($0) RTP/AVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
        } ?? ""
        var lines = [startLine, "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=\(branch)", "From: <sip:alice@127.0.0.1>;tag=\(fromTag)",
                     "To: <sip:bob@127.0.0.1>" + (toTag.map { ";tag=\($0)" } ?? ""), "Call-ID: \(callID)", "CSeq: \(cseq)",
                     "Contact: <sip:alice@127.0.0.1:5060>"] + extra
        if !startLine.hasPrefix("SIP/") { lines.append("Max-Forwards: 70") }
        if !body.isEmpty { lines.append("Content-Type: application/sdp") }
        lines.append("Content-Length: \(body.utf8.count)")
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    static func rtp(sequence: UInt16, timestamp: UInt32, ssrc: UInt32, payloadType: UInt8 = 0, payload: [UInt8] = .init(repeating: 0xFF, count: 160)) -> [UInt8] {
        [0x80, payloadType] + be16(Int(sequence)) + be32(timestamp) + be32(ssrc) + payload
    }

    /// An answered call with `packets` RTP packets each way (alice drops `aliceLost` of hers on
    /// the way), a DTMF "5" from alice, and a BYE from `byeFromBob`'s side.
    mutating func answeredCall(callID: String = "call-1@test", packets: Int = 50, aliceLost: Set<Int> = [], byeFromBob: Bool = false) {
        let invite = Self.sip("INVITE sip:bob@127.0.0.1 SIP/2.0", callID: callID, cseq: "1 INVITE", sdpPort: 4000)
        udp(invite, from: alice, 5060, to: bob, 5080)
        udp(Self.sip("SIP/2.0 100 Trying", callID: callID, cseq: "1 INVITE"), from: bob, 5080, to: alice, 5060)
        udp(Self.sip("SIP/2.0 180 Ringing", callID: callID, cseq: "1 INVITE", toTag: "b1"), from: bob, 5080, to: alice, 5060, after: 100)
        udp(Self.sip("SIP/2.0 200 OK", callID: callID, cseq: "1 INVITE", toTag: "b1", sdpPort: 6000, sdpHost: "127.0.0.2"),
            from: bob, 5080, to: alice, 5060, after: 1000)
        udp(Self.sip("ACK sip:bob@127.0.0.1 SIP/2.0", callID: callID, cseq: "1 ACK", toTag: "b1", branch: "z9hG4bK2"),
            from: alice, 5060, to: bob, 5080)
        for index in 0..<packets {
            if !aliceLost.contains(index) {
                udp(Self.rtp(sequence: UInt16(100 + index), timestamp: UInt32(index * 160), ssrc: 0xA11CE),
                    from: alice, 4000, to: bob, 6000, after: 10)
            } else {
                time += 10_000_000
            }
            udp(Self.rtp(sequence: UInt16(truncatingIfNeeded: 65_530 + index), timestamp: UInt32(index * 160), ssrc: 0xB0B),
                from: bob, 6000, to: alice, 4000, after: 10)
        }
        for end in 0..<3 {
            udp(Self.rtp(sequence: UInt16(100 + packets + end), timestamp: UInt32(packets * 160), ssrc: 0xA11CE, payloadType: 101,
                         payload: [5, 0x8A, 0x03, 0x20]), from: alice, 4000, to: bob, 6000, after: 5)
        }
        if byeFromBob {
            udp(Self.sip("BYE sip:alice@127.0.0.1 SIP/2.0", callID: callID, cseq: "1 BYE", fromTag: "b1", toTag: "a1",
                         branch: "z9hG4bK3", extra: ["Reason: Q.850;cause=16;text=\"Normal call clearing\""]),
                from: bob, 5080, to: alice, 5060, after: 20)
            udp(Self.sip("SIP/2.0 200 OK", callID: callID, cseq: "1 BYE", fromTag: "b1", toTag: "a1", branch: "z9hG4bK3"),
                from: alice, 5060, to: bob, 5080)
        } else {
            udp(Self.sip("BYE sip:bob@127.0.0.1 SIP/2.0", callID: callID, cseq: "2 BYE", toTag: "b1", branch: "z9hG4bK3"),
                from: alice, 5060, to: bob, 5080, after: 20)
            udp(Self.sip("SIP/2.0 200 OK", callID: callID, cseq: "2 BYE", toTag: "b1", branch: "z9hG4bK3"),
                from: bob, 5080, to: alice, 5060)
        }
    }
}

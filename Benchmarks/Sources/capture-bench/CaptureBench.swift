// capture-bench: sip-replay's analysis (CaptureAnalyzer: pcap reading, link/IP/UDP decoding, SIP
// parsing, call rebuilding, RTP statistics) against tshark's RTP analysis (`tshark -q -z
// rtp,streams`) on the same generated capture, in the same run.
//
// The capture: `--calls N` calls (default 100), each an INVITE/100/180/200/ACK ... BYE/200 over UDP
// with SDP, and `--packets P` RTP packets each way (default 5000: 1,000,000 RTP packets in all),
// 20 ms apart, Ethernet frames, written with CaptureFile's pcap writer. Prints the packets per
// second of each, the ratio, and our peak memory (max RSS) beside the file's size.
import BenchSupport
import CaptureAnalysis
import CaptureFile
import Foundation
import Glibc

let name = "capture-bench"

/// `--calls N`, `--packets P`, `--keep`.
struct Options {
    var calls = 100, packetsPerStream = 5000, keep = false
    /// `--profile FILE`: only our analysis of FILE, 5 times (for perf).
    var profile: String?

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--calls": calls = Int(iterator.next() ?? "") ?? calls
            case "--packets": packetsPerStream = Int(iterator.next() ?? "") ?? packetsPerStream
            case "--keep": keep = true
            case "--profile": profile = iterator.next()
            default: fail(name, "unknown option \(argument)")
            }
        }
    }
}

let options = Options(CommandLine.arguments)

/// Our whole analysis of `path`, the file read in 4 MiB chunks; returns the report and seconds.
func analyze(_ path: String) throws -> (CaptureReport, Double) {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { fail(name, "cannot read \(path)") }
    defer { close(descriptor) }
    let start = monotonicNs()
    var analyzer = CaptureAnalyzer()
    while true {
        // read(2) straight into the array the analyzer keeps: no copy of the chunk.
        let chunk = [UInt8](unsafeUninitializedCapacity: 4 << 20) { buffer, count in
            count = max(0, read(descriptor, buffer.baseAddress, buffer.count))
        }
        if chunk.isEmpty { break }
        try analyzer.append(chunk)
    }
    let report = try analyzer.finish()
    return (report, Double(monotonicNs() - start) / 1e9)
}

if let path = options.profile {
    for _ in 0..<5 {
        let (report, seconds) = try analyze(path)
        print("capture-bench: \(report.frames) frames in \(format(seconds, decimals: 3)) s")
    }
    exit(0)
}

func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

/// An Ethernet/IPv4/UDP frame.
func frame(_ payload: [UInt8], from source: UInt32, _ sourcePort: Int, to destination: UInt32, _ destinationPort: Int) -> [UInt8] {
    let udp = be16(sourcePort) + be16(destinationPort) + be16(8 + payload.count) + [0, 0] + payload
    let ip = [0x45, 0] + be16(20 + udp.count) + [0, 1, 0, 0, 64, 17, 0, 0] + be32(source) + be32(destination) + udp
    return [UInt8](repeating: 2, count: 12) + [0x08, 0x00] + ip
}

func sip(_ startLine: String, call: Int, cseq: String, toTag: Bool, sdpPort: Int? = nil, host: String = "10.0.0.1") -> [UInt8] {
    let body = sdpPort.map {
        "v=0\r\no=- 1 1 IN IP4 \(host)\r\ns=-\r\nc=IN IP4 \(host)\r\nt=0 0\r\nm=audio \($0) RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
    } ?? ""
    var lines = [startLine, "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK\(call)\(cseq.prefix(1))", "Max-Forwards: 70",
                 "From: <sip:alice\(call)@example.com>;tag=a\(call)",
                 "To: <sip:bob\(call)@example.com>" + (toTag ? ";tag=b\(call)" : ""), "Call-ID: bench-\(call)@example.com",
                 "CSeq: \(cseq)", "Contact: <sip:alice\(call)@10.0.0.1:5060>"]
    if !body.isEmpty { lines.append("Content-Type: application/sdp") }
    lines.append("Content-Length: \(body.utf8.count)")
    return Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
}

/// Writes the capture; returns its path and its packet count.
func generate(_ options: Options) throws -> (String, Int) {
    let calls = options.calls, packetsPerStream = options.packetsPerStream
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("capture-bench-\(getpid()).pcap").path
    guard FileManager.default.createFile(atPath: path, contents: nil) else { fail(name, "cannot create \(path)") }
    guard let handle = FileHandle(forWritingAtPath: path) else { fail(name, "cannot write \(path)") }
    var writer = CaptureFileWriter(linkType: 1)
    var count = 0
    let alice: UInt32 = 0x0A00_0001, bob: UInt32 = 0x0A00_0002
    let payload = [UInt8](repeating: 0xD5, count: 160)
    let time: Int64 = 1_700_000_000_000_000_000
    func add(_ bytes: [UInt8], at offset: Int64) {
        writer.append(frame: bytes, timestamp: time + offset)
        count += 1
    }
    // Calls start 10 ms apart and overlap: many live calls at once, as on a busy trunk.
    var events: [(Int64, [UInt8])] = []
    for call in 0..<calls {
        let start = Int64(call) * 10_000_000
        let rtpA = 20_000 + call * 4, rtpB = 40_000 + call * 4
        events.append((start, frame(sip("INVITE sip:bob\(call)@example.com SIP/2.0", call: call, cseq: "1 INVITE", toTag: false, sdpPort: rtpA),
                                    from: alice, 5060, to: bob, 5060)))
        events.append((start + 1_000_000, frame(sip("SIP/2.0 100 Trying", call: call, cseq: "1 INVITE", toTag: false), from: bob, 5060, to: alice, 5060)))
        events.append((start + 2_000_000, frame(sip("SIP/2.0 180 Ringing", call: call, cseq: "1 INVITE", toTag: true), from: bob, 5060, to: alice, 5060)))
        events.append((start + 3_000_000, frame(sip("SIP/2.0 200 OK", call: call, cseq: "1 INVITE", toTag: true, sdpPort: rtpB, host: "10.0.0.2"),
                                                from: bob, 5060, to: alice, 5060)))
        events.append((start + 4_000_000, frame(sip("ACK sip:bob\(call)@10.0.0.2 SIP/2.0", call: call, cseq: "1 ACK", toTag: true), from: alice, 5060, to: bob, 5060)))
        let end = start + 5_000_000 + Int64(packetsPerStream) * 20_000_000
        events.append((end, frame(sip("BYE sip:bob\(call)@10.0.0.2 SIP/2.0", call: call, cseq: "2 BYE", toTag: true), from: alice, 5060, to: bob, 5060)))
        events.append((end + 1_000_000, frame(sip("SIP/2.0 200 OK", call: call, cseq: "2 BYE", toTag: true), from: bob, 5060, to: alice, 5060)))
    }
    events.sort { $0.0 < $1.0 }
    // RTP is generated in time order across calls, merged with the SIP events.
    var next = 0
    for index in 0..<packetsPerStream {
        for call in 0..<calls {
            let at = Int64(call) * 10_000_000 + 5_000_000 + Int64(index) * 20_000_000
            while next < events.count, events[next].0 <= at {
                add(events[next].1, at: events[next].0)
                next += 1
            }
            let sequence = UInt16(truncatingIfNeeded: index), stamp = UInt32(index * 160)
            add(frame([0x80, 0] + be16(Int(sequence)) + be32(stamp) + be32(UInt32(call * 2 + 1)) + payload,
                      from: alice, 20_000 + call * 4, to: bob, 40_000 + call * 4), at: at)
            add(frame([0x80, 0] + be16(Int(sequence)) + be32(stamp) + be32(UInt32(call * 2 + 2)) + payload,
                      from: bob, 40_000 + call * 4, to: alice, 20_000 + call * 4), at: at + 1_000_000)
        }
        if writer.bytes.count > 8 << 20 { handle.write(Data(writer.drain())) }
    }
    while next < events.count {
        add(events[next].1, at: events[next].0)
        next += 1
    }
    handle.write(Data(writer.drain()))
    try handle.close()
    return (path, count)
}

func maxRSSKilobytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

do {
    let (path, packets) = try generate(options)
    let calls = options.calls, packetsPerStream = options.packetsPerStream
    defer { if !options.keep { try? FileManager.default.removeItem(atPath: path) } }
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let before = maxRSSKilobytes()
    // Ours: the whole analysis, the file read in 4 MiB chunks.
    var best = Double.infinity
    var report: CaptureReport?
    for _ in 0..<3 {
        let (result, seconds) = try analyze(path)
        best = min(best, seconds)
        report = result
    }
    let ours = Double(packets) / best
    let streams = report?.streams.count ?? 0, rtp = report?.streams.reduce(0) { $0 + $1.packets } ?? 0
    guard report?.calls.count == calls, rtp == calls * packetsPerStream * 2 else {
        fail(name, "analysis found \(report?.calls.count ?? 0) calls and \(rtp) RTP packets")
    }
    // tshark: its RTP stream analysis of the same file.
    let tshark = Process()
    tshark.executableURL = URL(fileURLWithPath: "/usr/bin/tshark")
    tshark.arguments = ["-r", path, "-q", "-z", "rtp,streams"]
    let pipe = Pipe()
    tshark.standardOutput = pipe
    tshark.standardError = FileHandle.nullDevice
    let start = monotonicNs()
    try tshark.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    tshark.waitUntilExit()
    let theirSeconds = Double(monotonicNs() - start) / 1e9
    let theirStreams = String(decoding: output, as: UTF8.self).split(separator: "\n").filter { $0.contains(" 0x") }.count
    let theirs = Double(packets) / theirSeconds
    print("capture-bench: \(packets) packets (\(calls) calls, \(streams) RTP streams, \(size / 1_000_000) MB pcap)")
    print("capture-bench: ours \(format(ours / 1e6, decimals: 2)) M packets/s (\(format(best, decimals: 3)) s, one core), "
          + "tshark \(format(theirs / 1e6, decimals: 3)) M packets/s (\(format(theirSeconds, decimals: 2)) s, \(theirStreams) streams), "
          + "ratio \(format(ours / theirs, decimals: 1))x")
    print("capture-bench: our peak memory \(maxRSSKilobytes() / 1024) MB (\(before / 1024) MB before the analysis), file \(size / 1_048_576) MiB")
} catch {
    fail(name, "\(error)")
}

// libFuzzer target for what sip-conform reads: the WebSocket frames a server sends (peer data,
// read by the runner's own client) and scenario files (a user's data files).
//
// Input: the first byte selects. Even: the rest is a server's byte stream, fed to
// `WebSocketFrameDecoder` in chunks of (selector / 2 + 1) bytes, so every cut between two reads is
// tried. Odd: the rest is a scenario file, parsed with `include` reading a fixed small file.
//
// Oracle: no trap, no ASan finding; a decoded frame's payload is never longer than what was fed;
// a frame that was decoded is never decoded again (the stream moves on); a scenario either parses
// or throws `ConformanceError.badScenario` naming a line inside the file or the include.
//
// This file must not be called main.swift: libFuzzer provides main().
import FuzzSupport
import SIPConformance

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConform(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let selector = bytes.first else { return 0 }
    let rest = Array(bytes.dropFirst())
    if selector & 1 == 0 {
        var decoder = WebSocketFrameDecoder(maxPayload: 1 << 16)
        let chunk = Int(selector / 2) + 1
        var fed = 0
        var payloadBytes = 0
        var index = 0
        while index < rest.count {
            let end = min(rest.count, index + chunk)
            decoder.append(rest[index..<end])
            fed += end - index
            index = end
            do {
                while let frame = try decoder.next() {
                    payloadBytes += frame.payload.count
                    if payloadBytes > fed { fatalError("more payload (\(payloadBytes)) than bytes fed (\(fed))") }
                }
            } catch {
                return 0
            }
        }
        if decoder.leftover.count > fed { fatalError("more left over than fed") }
        return 0
    }
    let lineCount = rest.split(separator: 10, omittingEmptySubsequences: false).count
    let parser = ScenarioParser { path in
        guard path == "common.inc" else { throw ConformanceError.unreadable(path) }
        return Array("expect response\n  status 200\n".utf8)
    }
    do {
        _ = try parser.parse(rest, suite: "fuzz", file: "fuzz.scenario", name: "fuzz")
    } catch {
        guard case .badScenario(let file, let line, _) = error else { fatalError("not a scenario error: \(error)") }
        let limit = file == "common.inc" ? 2 : lineCount + 1
        if line < 1 || line > limit { fatalError("error at line \(line) of \(file) (\(lineCount) lines)") }
    }
    return 0
}

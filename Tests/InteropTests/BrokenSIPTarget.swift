import Foundation
import Glibc
import Synchronization

/// A deliberately broken SIP server on 127.0.0.1 UDP (an ephemeral port) for the `sip-conform`
/// tests: each way it answers wrong is one kind of failure the tool must catch and report.
///
/// The fault is chosen by the user part of the Request-URI (else of the To URI, for REGISTER):
///
/// | user | what it does |
/// |---|---|
/// | (none) | OPTIONS without a user (the tool's reachability probe): 200 OK |
/// | `healthy` | 200 OK, correct (the control case) |
/// | `mute` | never answers |
/// | `late` | answers 200 after 800 ms (once per branch) |
/// | `garbage` | answers bytes that are not SIP |
/// | `no-to-tag` | 200 whose To has no tag |
/// | `no-via` | 200 without any Via |
/// | `maxfwd` | 404 to a request with `Max-Forwards: 0` (483 is due) |
/// | `fragile` | a request it cannot parse (no CSeq) makes it stop answering that source port |
/// | REGISTER to `no-www-auth` | 401 without WWW-Authenticate |
/// | REGISTER to anyone else | 200 OK without a challenge |
/// | `broken-uas` | a UAS that gets the uas suite wrong, see `answerAsUAS` |
///
/// Every response carries `Server: broken-sip-target` (so no scenario's `known:` applies).
/// A blocking reader thread (100 ms receive timeout, so `stop()` ends it); delayed and
/// repeated sends run on a dispatch queue. No transaction layer beyond the per-branch
/// bookkeeping the faults need.
final class BrokenSIPTarget: Sendable {
    static let serverName = "broken-sip-target"

    /// The UDP port on 127.0.0.1.
    let port: Int
    /// `sip:127.0.0.1:PORT;transport=udp`.
    var target: String { "sip:127.0.0.1:\(port);transport=udp" }

    private struct State {
        var stopped = false
        /// Branches already answered (for `late`: answer the first copy only).
        var answered: Set<String> = []
        /// INVITE branches acknowledged (the 488 is no longer repeated).
        var acknowledged: Set<String> = []
        /// Source ports that sent an unparsable request to `fragile`.
        var deadSources: Set<UInt16> = []
        /// Every request received, first line only (for failure messages).
        var log: [String] = []
    }

    private let fd: Int32
    private let state = Mutex(State())
    private let done = DispatchSemaphore(value: 0)

    private init(fd: Int32, port: Int) {
        self.fd = fd
        self.port = port
    }

    /// Binds 127.0.0.1:0 and starts answering.
    static func start() throws -> BrokenSIPTarget {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw PeerProcessError(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                Glibc.bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw PeerProcessError(description: "bind 127.0.0.1:0/udp: \(reason)")
        }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let target = BrokenSIPTarget(fd: fd, port: Int(UInt16(bigEndian: address.sin_port)))
        Thread.detachNewThread { [target] in target.readLoop() }
        return target
    }

    /// Stops the reader and closes the socket (waits for the reader, at most 1 s).
    func stop() {
        let first = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        _ = done.wait(timeout: .now() + 1)
    }

    /// Runs `body` with a started target and always stops it.
    static func with<T>(_ body: (BrokenSIPTarget) async throws -> T) async throws -> T {
        let target = try start()
        defer { target.stop() }
        return try await body(target)
    }

    /// The first line of every request received so far.
    var requestLog: [String] { state.withLock { $0.log } }

    // MARK: - Receiving

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !state.withLock({ $0.stopped }) {
            var source = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let count = buffer.withUnsafeMutableBytes { bytes in
                withUnsafeMutablePointer(to: &source) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(fd, bytes.baseAddress, bytes.count, 0, $0, &length)
                    }
                }
            }
            if count <= 0 { continue }  // timeout (EAGAIN), EINTR
            handle(Array(buffer[0..<count]), from: source)
        }
        close(fd)
        done.signal()
    }

    private func send(_ text: String, to destination: sockaddr_in) {
        send(Array(text.utf8), to: destination)
    }

    private func send(_ bytes: [UInt8], to destination: sockaddr_in) {
        guard !state.withLock({ $0.stopped }) else { return }
        var destination = destination
        _ = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &destination) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    private func after(milliseconds: Int, _ work: @escaping @Sendable () -> Void) {
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds), execute: work)
    }

    // MARK: - Answering

    private func handle(_ bytes: [UInt8], from source: sockaddr_in) {
        let request = BrokenRequest(String(decoding: bytes, as: UTF8.self))
        let sourcePort = UInt16(bigEndian: source.sin_port)
        let dead = state.withLock { state -> Bool in
            state.log.append(request.startLine)
            return state.deadSources.contains(sourcePort)
        }
        guard !dead, request.isRequest else { return }
        let fault = request.method == "REGISTER" ? request.toUser : request.requestURIUser
        guard request.header("CSeq") != nil else {
            // The torture message: the fragile target stops answering whoever sent it.
            if fault == "fragile" { state.withLock { _ = $0.deadSources.insert(sourcePort) } }
            return
        }
        if request.method == "REGISTER" {
            if fault == "no-www-auth" {
                send(request.response(401, "Unauthorized"), to: source)
            } else {
                send(request.response(200, "OK", extra: request.header("Contact").map { ["Contact: \($0);expires=600"] } ?? []),
                     to: source)
            }
            return
        }
        switch fault {
        case nil:
            send(request.response(200, "OK", extra: ["Allow: INVITE, ACK, BYE, CANCEL, OPTIONS"]), to: source)
        case "healthy":
            send(request.response(200, "OK", extra: ["Allow: INVITE, ACK, BYE, CANCEL, OPTIONS"]), to: source)
        case "mute":
            return
        case "late":
            let first = state.withLock { $0.answered.insert(request.branch).inserted }
            guard first else { return }
            let response = request.response(200, "OK")
            after(milliseconds: 800) { [self] in send(response, to: source) }
        case "garbage":
            send([0x00, 0x01, 0x02] + Array("\u{7F}garbage \u{FF}\r\nthis is not SIP\r\n\r\n".utf8), to: source)
        case "no-to-tag":
            send(request.response(200, "OK", toTag: nil), to: source)
        case "no-via":
            send(request.response(200, "OK", withVia: false), to: source)
        case "maxfwd":
            let status = request.header("Max-Forwards")?.trimmingCharacters(in: .whitespaces) == "0" ? 404 : 200
            send(request.response(status, status == 404 ? "Not Found" : "OK"), to: source)
        case "fragile":
            send(request.response(200, "OK"), to: source)
        case "broken-uas":
            answerAsUAS(request, from: source)
        default:
            send(request.response(404, "Not Found"), to: source)
        }
    }

    /// The uas suite's target, wrong in most ways: OPTIONS 200 without Allow; INVITE with an
    /// unknown Require accepted (200); a non-SDP body refused 415 without Accept; an offer
    /// without a known codec refused 488, repeated every 200 ms (not T1) until the ACK; an
    /// acceptable offer answered 200 once, never retransmitted; any BYE 200 (even for no
    /// dialog); an unknown method 404 (not 501).
    private func answerAsUAS(_ request: BrokenRequest, from source: sockaddr_in) {
        switch request.method {
        case "OPTIONS":
            send(request.response(200, "OK"), to: source)
        case "ACK":
            state.withLock { _ = $0.acknowledged.insert(request.branch) }
        case "BYE":
            send(request.response(200, "OK"), to: source)
        case "INVITE":
            let first = state.withLock { $0.answered.insert(request.branch).inserted }
            guard first else { return }  // our own request retransmitted: answered already
            let contentType = request.header("Content-Type")?.lowercased() ?? ""
            if !contentType.hasPrefix("application/sdp") {
                send(request.response(415, "Unsupported Media Type"), to: source)
            } else if request.body.contains("X-NOPE") {
                let response = request.response(488, "Not Acceptable Here")
                send(response, to: source)
                repeatUntilAcknowledged(response, branch: request.branch, to: source, remaining: 10)
            } else {
                let answer = """
                    v=0\r
                    o=broken 1 1 IN IP4 127.0.0.1\r
                    s=-\r
                    c=IN IP4 127.0.0.1\r
                    t=0 0\r
                    m=audio 40002 RTP/AVP 0\r
                    a=rtpmap:0 PCMU/8000\r
                    a=sendrecv\r

                    """
                send(request.response(200, "OK", extra: ["Contact: <sip:broken-uas@127.0.0.1:\(port)>"],
                                      contentType: "application/sdp", body: answer), to: source)
            }
        default:
            send(request.response(404, "Not Found"), to: source)
        }
    }

    private func repeatUntilAcknowledged(_ response: String, branch: String, to source: sockaddr_in, remaining: Int) {
        guard remaining > 0 else { return }
        after(milliseconds: 200) { [self] in
            guard !state.withLock({ $0.acknowledged.contains(branch) }) else { return }
            send(response, to: source)
            repeatUntilAcknowledged(response, branch: branch, to: source, remaining: remaining - 1)
        }
    }
}

/// Just enough of a SIP request for the broken target: the start line, header fields by name
/// (full names, first occurrence), the body.
private struct BrokenRequest {
    let startLine: String
    let headers: [(name: String, value: String)]
    let body: String

    init(_ text: String) {
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        startLine = head.first ?? ""
        headers = head.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                    String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        body = parts.dropFirst().joined(separator: "\r\n\r\n")
    }

    var isRequest: Bool { startLine.hasSuffix(" SIP/2.0") }
    var method: String { String(startLine.prefix { $0 != " " }) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    func all(_ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    /// The user of a `sip:user@host` URI in `text`, nil when it has none.
    private static func user(in text: String) -> String? {
        guard let start = text.range(of: "sip:") else { return nil }
        let rest = text[start.upperBound...]
        let end = rest.firstIndex { ">;".contains($0) } ?? rest.endIndex
        let uri = rest[..<end]
        guard let at = uri.firstIndex(of: "@") else { return nil }
        return String(uri[..<at])
    }

    var requestURIUser: String? {
        let words = startLine.split(separator: " ")
        return words.count == 3 ? Self.user(in: String(words[1])) : nil
    }

    var toUser: String? { header("To").flatMap { Self.user(in: $0) } }

    var branch: String {
        guard let via = header("Via"), let range = via.range(of: "branch=") else { return "" }
        return String(via[range.upperBound...].prefix { $0 != ";" && $0 != "," && $0 != " " })
    }

    /// A response: Via, From, To (with `toTag` added when
    /// it has none), Call-ID and CSeq copied; Server; `extra` lines; the body.
    func response(_ status: Int, _ reason: String, toTag: String? = "broken-tag", withVia: Bool = true,
                  extra: [String] = [], contentType: String? = nil, body: String = "") -> String {
        var lines = ["SIP/2.0 \(status) \(reason)"]
        if withVia {
            for via in all("Via") {
                lines.append("Via: \(via)")
            }
        }
        for name in ["From", "To", "Call-ID", "CSeq"] {
            guard var value = header(name) else { continue }
            if name == "To", let toTag, !value.contains(";tag=") { value += ";tag=\(toTag)" }
            lines.append("\(name): \(value)")
        }
        lines.append("Server: \(BrokenSIPTarget.serverName)")
        lines.append(contentsOf: extra)
        if let contentType { lines.append("Content-Type: \(contentType)") }
        lines.append("Content-Length: \(body.utf8.count)")
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + body
    }
}

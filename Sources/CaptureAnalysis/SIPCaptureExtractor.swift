import CaptureFile
import SIPCore

/// Finds the SIP messages in a capture's packets: UDP datagrams that start like SIP, TCP flows
/// read as SIP framed by Content-Length (RFC 3261 §18.3) or as WebSocket messages after an HTTP
/// upgrade (RFC 7118). Each message goes through the stack's own parser in lenient mode, and
/// every violation it reports is kept. Datagrams that are not SIP are handed back for the media
/// analysis.
public struct SIPCaptureExtractor: Sendable {
    private struct FlowReader: Sendable {
        var webSocket = WebSocketStreamDecoder()
        var framer = SIPStreamFramer(options: .lenient)
        var failed = false
    }

    private var tcp = TCPStreamReassembler()
    private var readers: [TCPFlow: FlowReader] = [:]
    private let validator = SIPValidator()

    /// Problems found on the way (a TCP stream that could not be framed, a gap in one).
    public private(set) var warnings: [CaptureWarning] = []

    /// An extractor.
    public init() {}

    /// Whether `bytes` start like a SIP message: a Status-Line, or a request line
    /// `METHOD SP sip:|sips:|tel:…`.
    public static func looksLikeSIP(_ bytes: ArraySlice<UInt8>) -> Bool {
        // Every SIP message starts with an uppercase letter; RTP, RTCP, STUN and DTLS never do
        // (their first bytes are 0x80–0xBF, 0x00–0x03 and 0x14–0x3F): the common case costs one test.
        guard let first = bytes.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else { return false }
        let head = bytes.prefix(64)
        if "SIP/2.0 ".utf8.starts(with: head.prefix(8)) && head.count >= 8 { return true }
        guard let space = head.firstIndex(of: 0x20), space > head.startIndex else { return false }
        let method = head[head.startIndex..<space]
        guard method.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return false }
        let rest = head[(space + 1)...].prefix(5).map { $0 | 0x20 }
        return rest.starts(with: Array("sip:".utf8)) || rest.starts(with: Array("sips:".utf8)) || rest.starts(with: Array("tel:".utf8))
    }

    /// What a packet carried: SIP messages it completed, or a datagram that is not SIP (media).
    public enum Extracted: Sendable {
        /// The SIP messages the packet completed (none while a TCP message is still arriving).
        case messages([CapturedSIPMessage])
        /// A UDP datagram that is not SIP, for the media analysis.
        case media(UDPDatagram)
    }

    /// The SIP messages a packet completes, or the datagram when it is not SIP.
    public mutating func add(_ packet: CapturePacket) -> Extracted {
        switch packet {
        case .udp(let datagram):
            guard Self.looksLikeSIP(datagram.payload) else { return .media(datagram) }
            return .messages([parse(Array(datagram.payload), frame: datagram.frame, timestamp: datagram.timestamp,
                                    source: datagram.source, destination: datagram.destination, transport: .udp)])
        case .tcp(let segment):
            return .messages(tcp.add(segment).flatMap { read($0) })
        }
    }

    /// The end of the capture: what waited behind TCP gaps is read.
    public mutating func finish() -> [CapturedSIPMessage] {
        tcp.finish().flatMap { read($0) }
    }

    private mutating func read(_ event: TCPFlowEvent) -> [CapturedSIPMessage] {
        switch event {
        case let .closed(flow, _, _, _):
            readers[flow] = nil
            return []
        case .data(let data):
            var reader = readers[data.flow] ?? FlowReader()
            defer { readers[data.flow] = reader }
            if data.missingBefore > 0 {
                warnings.append(CaptureWarning(offset: 0, frame: data.frame,
                                               message: "\(data.missingBefore) bytes of \(data.flow) are missing from the capture"))
                if !reader.webSocket.isWebSocket {
                    // A SIP stream cannot be resynchronised after a gap; start over at the next message.
                    reader.framer = SIPStreamFramer(options: .lenient)
                    reader.failed = false
                }
            }
            var messages: [CapturedSIPMessage] = []
            if !reader.webSocket.isNotWebSocket {
                for message in reader.webSocket.append(data.bytes) {
                    messages.append(parse(message.payload, frame: data.frame, timestamp: data.timestamp,
                                          source: data.flow.source, destination: data.flow.destination, transport: .webSocket))
                }
                if let failure = reader.webSocket.failure, !reader.failed {
                    reader.failed = true
                    warnings.append(CaptureWarning(offset: 0, frame: data.frame, message: "WebSocket \(data.flow): \(failure)"))
                }
                if !reader.webSocket.isNotWebSocket { return messages }
                // Not a WebSocket after all: everything so far is raw SIP.
                reader.framer.append(data.bytes)
            } else {
                reader.framer.append(data.bytes)
            }
            guard !reader.failed else { return messages }
            while true {
                do throws(SIPParseError) {
                    guard let frame = try reader.framer.nextFrame() else { break }
                    if case .message(let message) = frame {
                        let bytes = message.serialized()
                        messages.append(captured(message, bytes: bytes, frame: data.frame, timestamp: data.timestamp,
                                                 source: data.flow.source, destination: data.flow.destination, transport: .tcp))
                    }
                } catch {
                    reader.failed = true
                    warnings.append(CaptureWarning(offset: 0, frame: data.frame, message: "SIP over TCP \(data.flow): \(error)"))
                    break
                }
            }
            return messages
        }
    }

    private func parse(_ bytes: [UInt8], frame: Int, timestamp: Int64, source: CaptureEndpoint, destination: CaptureEndpoint,
                       transport: CaptureTransport) -> CapturedSIPMessage {
        let (message, result) = validator.validate(bytes: bytes, options: .lenient)
        return CapturedSIPMessage(frame: frame, timestamp: timestamp, source: source, destination: destination,
                                  transport: transport, message: message, bytes: bytes,
                                  problems: (result.errors + result.warnings).map(\.description))
    }

    private func captured(_ message: SIPMessage, bytes: [UInt8], frame: Int, timestamp: Int64, source: CaptureEndpoint,
                          destination: CaptureEndpoint, transport: CaptureTransport) -> CapturedSIPMessage {
        let result = validator.validate(message)
        return CapturedSIPMessage(frame: frame, timestamp: timestamp, source: source, destination: destination,
                                  transport: transport, message: message, bytes: bytes,
                                  problems: (result.errors + result.warnings).map(\.description))
    }
}

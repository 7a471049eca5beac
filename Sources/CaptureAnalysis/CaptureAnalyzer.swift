import CaptureFile

/// Everything `sip-replay` learns from one capture.
public struct CaptureReport: Sendable {
    /// The capture's format.
    public var format: CaptureFileReader.Format?
    /// Frames read.
    public var frames: Int
    /// The first and last frame times (nanoseconds since the epoch).
    public var start: Int64?
    /// The last frame's time.
    public var end: Int64?
    /// Every SIP message, in capture order.
    public var messages: [CapturedSIPMessage]
    /// The calls (Call-IDs with an INVITE), in the order they started.
    public var calls: [CaptureCall]
    /// Every RTP stream, the ones no call announced included.
    public var streams: [RTPStreamReport]
    /// SIP messages outside calls, by method (REGISTER, OPTIONS …).
    public var otherRequests: [String: Int]
    /// Frames not analysed, by reason.
    public var skipped: [String: Int]
    /// What was wrong in the file, the packets or the streams.
    public var warnings: [CaptureWarning]
}

/// Reads a capture from its bytes and rebuilds its calls: feed chunks with ``append(_:)``
/// (any size; memory stays at one chunk plus the live state), then ``finish()``.
///
/// SDP bodies are read as the messages come, so the media ports they announce are known when
/// the RTP arrives.
public struct CaptureAnalyzer: Sendable {
    private var reader = CaptureFileReader()
    private var decoder = PacketDecoder()
    private var extractor = SIPCaptureExtractor()
    private var media = RTPStreamAnalyzer()
    private var messages: [CapturedSIPMessage] = []
    private var frames = 0
    private var start: Int64?
    private var end: Int64?
    /// File bytes were appended (a live capture adds frames only).
    private var fed = false

    /// An analyzer waiting for the file's bytes.
    public init() {}

    /// The file bytes read so far.
    public var bytesRead: Int { reader.offset }

    /// The next bytes of the file.
    public mutating func append(_ bytes: some Collection<UInt8>) throws(CaptureFileError) {
        fed = true
        reader.append(bytes)
        try drain()
    }

    /// The next bytes of the file, as an array (taken without a copy).
    public mutating func append(_ bytes: [UInt8]) throws(CaptureFileError) {
        fed = true
        reader.append(bytes)
        try drain()
    }

    /// The end of the file (or of the live capture): the report.
    public mutating func finish() throws(CaptureFileError) -> CaptureReport {
        if fed {
            reader.finish()
            try drain()
        }
        for message in extractor.finish() { take(message) }
        let streams = media.reports()
        let calls = CaptureCallBuilder.calls(from: messages, streams: streams, ice: media.stun, dtls: media.dtls)
        let callIDs = Set(calls.map(\.callID))
        var other: [String: Int] = [:]
        for message in messages {
            guard let sip = message.message, let method = sip.method, let callID = sip.callID, !callIDs.contains(callID) else { continue }
            other[method.rawValue, default: 0] += 1
        }
        var skipped = decoder.skipped
        if decoder.incompleteDatagrams > 0 { skipped["incomplete fragmented datagrams"] = decoder.incompleteDatagrams }
        return CaptureReport(format: reader.format, frames: frames, start: start, end: end, messages: messages, calls: calls,
                             streams: streams, otherRequests: other, skipped: skipped,
                             warnings: reader.warnings + decoder.warnings + extractor.warnings)
    }

    /// A frame from another source than a file's bytes (a live capture).
    public mutating func add(_ frame: CaptureFrame) {
        frames += 1
        if start == nil { start = frame.timestamp }
        end = frame.timestamp
        guard let packet = decoder.decode(frame) else { return }
        switch extractor.add(packet) {
        case .media(let datagram): media.add(datagram)
        case .messages(let found): for message in found { take(message) }
        }
    }

    private mutating func drain() throws(CaptureFileError) {
        while let frame = try reader.next() { add(frame) }
    }

    private mutating func take(_ message: CapturedSIPMessage) {
        if let offer = CaptureCallBuilder.mediaOffer(message) { media.announce(offer) }
        messages.append(message)
    }
}

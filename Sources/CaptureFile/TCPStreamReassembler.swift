/// One direction of a TCP connection.
public struct TCPFlow: Sendable, Hashable, CustomStringConvertible {
    /// The sender.
    public var source: CaptureEndpoint
    /// The receiver.
    public var destination: CaptureEndpoint

    /// A flow.
    public init(source: CaptureEndpoint, destination: CaptureEndpoint) {
        self.source = source
        self.destination = destination
    }

    /// The other direction.
    public var reversed: TCPFlow { TCPFlow(source: destination, destination: source) }

    public var description: String { "\(source) → \(destination)" }
}

/// Bytes of a TCP flow in order, as the receiver's socket would have read them.
public struct TCPStreamBytes: Sendable {
    /// The flow.
    public var flow: TCPFlow
    /// The frame whose segment completed these bytes.
    public var frame: Int
    /// When.
    public var timestamp: Int64
    /// The bytes, in order, each delivered once.
    public var bytes: ArraySlice<UInt8>
    /// Bytes missing from the capture just before these (a gap that was skipped), 0 normally.
    public var missingBefore: Int
}

/// What happened to a flow besides data.
public enum TCPFlowEvent: Sendable {
    /// Ordered bytes.
    case data(TCPStreamBytes)
    /// The sender finished (FIN) or reset (RST) the connection; its state is gone.
    case closed(TCPFlow, frame: Int, timestamp: Int64, reset: Bool)
}

/// Puts TCP segments back in order per flow, as a receiver does (RFC 9293 §3.10.7.4): segments
/// that come early wait for the missing ones, retransmitted and overlapping bytes are delivered
/// once (a byte already delivered is not delivered again), sequence numbers wrap. A flow starts at its SYN, or at its first
/// segment when the capture began mid-connection.
///
/// A gap that never fills (the capture lost the segment) is skipped once more than
/// ``maximumBufferedBytes`` wait behind it; the bytes after it come with ``TCPStreamBytes/missingBefore``.
/// ``finish()`` delivers what still waits at the end of the capture the same way. Memory is
/// bounded by the open flows, each holding at most that many early bytes.
public struct TCPStreamReassembler: Sendable {
    /// Early bytes kept per flow before a gap is given up on.
    public static let maximumBufferedBytes = 1 << 20

    private struct FlowState {
        var next: UInt32
        /// Segments that came early, by sequence number.
        var early: [(sequence: UInt32, bytes: ArraySlice<UInt8>)] = []
        var earlyBytes = 0
        var finished = false
    }

    private var flows: [TCPFlow: FlowState] = [:]

    /// A reassembler.
    public init() {}

    /// The flows open now.
    public var openFlows: Int { flows.count }

    /// Takes a segment; returns what it lets the receiver read or learn, in order.
    public mutating func add(_ segment: TCPSegment) -> [TCPFlowEvent] {
        let flow = TCPFlow(source: segment.source, destination: segment.destination)
        var events: [TCPFlowEvent] = []
        var state: FlowState
        if let known = flows[flow] {
            state = known
        } else {
            if segment.isRST || (segment.isFIN && segment.payload.isEmpty) { return [] }
            state = FlowState(next: segment.isSYN ? segment.sequence &+ 1 : segment.sequence)
        }
        var sequence = segment.isSYN ? segment.sequence &+ 1 : segment.sequence
        var payload = segment.payload
        // Bytes already delivered (a retransmission or an overlap) are dropped.
        let behind = Int(Int32(bitPattern: state.next &- sequence))
        if behind > 0 {
            payload = payload.dropFirst(behind)
            sequence = state.next
        }
        if !payload.isEmpty {
            if sequence == state.next {
                state.next = state.next &+ UInt32(payload.count)
                events.append(.data(TCPStreamBytes(flow: flow, frame: segment.frame, timestamp: segment.timestamp,
                                                   bytes: payload, missingBefore: 0)))
                drain(&state, flow, segment, into: &events)
            } else {
                state.early.append((sequence, payload))
                state.earlyBytes += payload.count
                if state.earlyBytes > Self.maximumBufferedBytes { skipGap(&state, flow, segment, into: &events) }
            }
        }
        if segment.isRST {
            state.early = []   // a reset discards what was waiting
        }
        if segment.isFIN || segment.isRST { state.finished = true }
        if state.finished, state.early.isEmpty {
            // Closed once everything before the FIN was read (it may have waited for a gap).
            flows[flow] = nil
            events.append(.closed(flow, frame: segment.frame, timestamp: segment.timestamp, reset: segment.isRST))
            return events
        }
        flows[flow] = state
        return events
    }

    /// The end of the capture: bytes still waiting behind a gap are delivered after it.
    public mutating func finish() -> [TCPFlowEvent] {
        var events: [TCPFlowEvent] = []
        for flow in flows.keys.sorted(by: { ($0.source, $0.destination) < ($1.source, $1.destination) }) {
            guard var state = flows[flow] else { continue }
            let marker = TCPSegment(frame: 0, timestamp: 0, source: flow.source, destination: flow.destination,
                                    sequence: 0, acknowledgment: 0, flags: 0, payload: [])
            while !state.early.isEmpty { skipGap(&state, flow, marker, into: &events) }
            flows[flow] = nil
        }
        return events
    }

    /// Delivers the early segments that now follow on.
    private func drain(_ state: inout FlowState, _ flow: TCPFlow, _ segment: TCPSegment, into events: inout [TCPFlowEvent]) {
        var progressed = true
        while progressed {
            progressed = false
            var index = 0
            while index < state.early.count {
                let piece = state.early[index]
                let behind = Int(Int32(bitPattern: state.next &- piece.sequence))
                if behind >= 0 {
                    state.early.remove(at: index)
                    state.earlyBytes -= piece.bytes.count
                    if behind < piece.bytes.count {
                        let fresh = piece.bytes.dropFirst(behind)
                        state.next = state.next &+ UInt32(fresh.count)
                        events.append(.data(TCPStreamBytes(flow: flow, frame: segment.frame, timestamp: segment.timestamp,
                                                           bytes: fresh, missingBefore: 0)))
                        progressed = true
                    }
                } else {
                    index += 1
                }
            }
        }
    }

    /// Gives up on the gap before the earliest waiting segment and delivers from there.
    private func skipGap(_ state: inout FlowState, _ flow: TCPFlow, _ segment: TCPSegment, into events: inout [TCPFlowEvent]) {
        guard let earliest = state.early.min(by: {
            Int32(bitPattern: $0.sequence &- state.next) < Int32(bitPattern: $1.sequence &- state.next)
        }) else { return }
        let missing = Int(Int32(bitPattern: earliest.sequence &- state.next))
        guard missing > 0 else {
            drain(&state, flow, segment, into: &events)
            return
        }
        state.next = earliest.sequence
        let before = events.count
        drain(&state, flow, segment, into: &events)
        if events.count > before, case .data(var first) = events[before] {
            first.missingBefore = missing
            events[before] = .data(first)
        }
    }
}

import CaptureFile
import SIPUserAgent

/// One step of a call's timeline.
public struct CaptureCallStep: Sendable {
    /// When (nanoseconds since the epoch).
    public var timestamp: Int64
    /// The state reached, in the seed's vocabulary as the stack's own call state machine names it.
    public var state: SIPCallState
    /// The message that led there (`180 Ringing`, `BYE`…).
    public var cause: String
}

/// Something wrong in a call or in the capture.
public struct CaptureFinding: Sendable, Hashable {
    /// A short, stable name: `parse-error`, `content-length`, `retransmissions`,
    /// `invite-unanswered`, `ack-missing`, `bye-missing`, `one-way-audio`, `no-audio`,
    /// `ice-failed`, `dtls-unfinished`.
    public var kind: String
    /// What happened, for a person.
    public var detail: String
    /// The frame concerned, when there is one.
    public var frame: Int?
}

/// A call rebuilt from a capture: every SIP message of its Call-ID, the states it went through,
/// who ended it and why, its times, media and what went wrong.
public struct CaptureCall: Sendable {
    /// The Call-ID.
    public var callID: String
    /// The caller (From of the first INVITE) and the callee (To).
    public var from: String
    /// The callee.
    public var to: String
    /// The caller's and the callee's signalling endpoints (first INVITE's source and destination).
    public var callerEndpoint: CaptureEndpoint
    /// The callee's endpoint (the next hop the caller sent to).
    public var calleeEndpoint: CaptureEndpoint
    /// How the first INVITE travelled.
    public var transport: CaptureTransport
    /// The messages, in capture order.
    public var messages: [CapturedSIPMessage]
    /// The states, in order (the first is `initialized`, the INVITE).
    public var timeline: [CaptureCallStep]
    /// Who ended the call: `caller`, `callee`, or nil while it never ended in the capture.
    public var endedBy: String?
    /// Why: the final status (`486 Busy Here`) or the BYE's Reason header (`Q.850;cause=16`).
    public var endReason: String?
    /// The SDK's cause for a call that failed before the answer (`Busy`, `Rejected`,
    /// `Unavailable`, `Canceled` …; JsSIP's causes, as ``SIPCallCause`` maps a status).
    public var cause: String?
    /// INVITE → first 18x, in milliseconds.
    public var setupMilliseconds: Double?
    /// INVITE → 2xx, in milliseconds.
    public var answerMilliseconds: Double?
    /// 2xx → BYE, in milliseconds.
    public var durationMilliseconds: Double?
    /// The media streams the call's SDP announced.
    public var streams: [RTPStreamReport]
    /// What went wrong.
    public var findings: [CaptureFinding]

    /// The last state reached.
    public var state: SIPCallState { timeline.last?.state ?? .initialized }
    /// When the first INVITE was sent.
    public var start: Int64 { timeline.first?.timestamp ?? 0 }
}

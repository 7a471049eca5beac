/// The RFC 4733 `telephone-event` format an offer/answer exchange settled on (RFC 4733 §7).
public struct SDPNegotiatedTelephoneEvent: Sendable, Hashable {
    /// The payload type we send DTMF events with (the remote description's number).
    public var payloadType: UInt8
    /// The payload type we receive events with (our description's number).
    public var receivePayloadType: UInt8
    /// The clock rate of the events; equal to the codec's when the peer offered that rate.
    public var clockRate: UInt32
    /// The remote `a=fmtp` event list (e.g. `0-16`); nil means events 0–15 (RFC 4733 §2.4.1).
    public var remoteEvents: String?

    /// Creates a negotiated telephone-event format.
    public init(payloadType: UInt8, receivePayloadType: UInt8, clockRate: UInt32, remoteEvents: String? = nil) {
        self.payloadType = payloadType
        self.receivePayloadType = receivePayloadType
        self.clockRate = clockRate
        self.remoteEvents = remoteEvents
    }
}

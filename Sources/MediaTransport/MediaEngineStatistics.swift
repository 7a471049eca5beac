/// Counters a media engine keeps (RFC 3550 §6.4 sender information and our own drops).
public struct MediaEngineStatistics: Sendable, Hashable {
    /// RTP packets and bytes (header + payload, before SRTP) sent.
    public var packetsSent = 0, bytesSent = 0
    /// Payload octets sent (the SR octet count).
    public var payloadBytesSent = 0
    /// Authenticated RTP packets and bytes received.
    public var packetsReceived = 0, bytesReceived = 0
    /// RTCP compound packets sent and received.
    public var rtcpSent = 0, rtcpReceived = 0
    /// DTLS datagrams sent and received.
    public var dtlsDatagramsSent = 0, dtlsDatagramsReceived = 0
    /// SRTP/SRTCP that failed authentication or replay checks (dropped).
    public var srtpDropped = 0
    /// RTP/RTCP that arrived before DTLS finished (dropped).
    public var droppedBeforeSecured = 0
    /// Datagrams that were neither DTLS nor RTP/RTCP, or RTP that did not parse.
    public var malformed = 0
    /// Packets the jitter buffer refused (late, duplicate, far out of range).
    public var jitterDropped = 0
    /// RTP with a payload type we did not negotiate.
    public var unknownPayloadType = 0
    /// RFC 4733 packets received.
    public var telephoneEventPackets = 0
    /// Frames the encoder failed on (not sent).
    public var encodeErrors = 0
    /// Datagrams dropped because no path existed yet.
    public var sendDroppedNoPath = 0
    /// What the peer reports about our stream (its latest report block on our SSRC).
    public var remoteFractionLost = 0.0, remoteCumulativeLost = 0, remoteJitterUnits = 0
    /// The latest round-trip time from RTCP.
    public var roundTripTime: Duration?
}

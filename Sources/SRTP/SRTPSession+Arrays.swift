/// `[UInt8]` conveniences for tests, tools and cold paths; each call copies the packet.
/// The hot path uses the in-place `UnsafeMutableRawBufferPointer` forms.
extension SRTPSession {
    /// Returns `packet` protected as SRTP (RFC 3711 §3.1).
    public func protectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try transform(packet, extra: profile.rtpTagLength) { buffer, length throws(SRTPError) in
            try protectRTP(buffer, length: length)
        }
    }

    /// Returns the RTP packet inside the SRTP `packet` (RFC 3711 §3.3).
    public func unprotectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try transform(packet, extra: 0) { buffer, length throws(SRTPError) in
            try unprotectRTP(buffer, length: length)
        }
    }

    /// Returns `packet` protected as SRTCP (RFC 3711 §3.4).
    public func protectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try transform(packet, extra: profile.rtcpTrailerLength) { buffer, length throws(SRTPError) in
            try protectRTCP(buffer, length: length)
        }
    }

    /// Returns the RTCP packet inside the SRTCP `packet` (RFC 3711 §3.4).
    public func unprotectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        try transform(packet, extra: 0) { buffer, length throws(SRTPError) in
            try unprotectRTCP(buffer, length: length)
        }
    }

    private func transform(
        _ packet: [UInt8], extra: Int,
        _ body: (UnsafeMutableRawBufferPointer, Int) throws(SRTPError) -> Int
    ) throws(SRTPError) -> [UInt8] {
        var buffer = packet
        buffer.append(contentsOf: repeatElement(0, count: extra))
        // Array's closure-taking methods rethrow untyped errors: carry the typed one out.
        let result = buffer.withUnsafeMutableBytes { raw in
            Result { () throws(SRTPError) -> Int in try body(raw, packet.count) }
        }
        let length = try result.get()
        buffer.removeSubrange(length...)
        return buffer
    }
}

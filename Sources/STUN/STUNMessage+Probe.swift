/// Telling STUN apart from DTLS, RTP and RTCP on a shared port (RFC 7983 §7, RFC 8489 §5).
extension STUNMessage {
    /// Whether `buffer` looks like one whole STUN message: a first byte of 0–3 (the RFC 7983
    /// range for STUN), the magic cookie, and a length field that is a multiple of 4 and matches
    /// the bytes after the header. Reads 8 bytes; never traps.
    ///
    /// A message whose method is above 0x0FF (none is assigned) has a first byte above 3: it
    /// decodes, but this check, like RFC 7983 demultiplexing, does not take it for STUN.
    public static func isProbablySTUN(_ buffer: UnsafeRawBufferPointer) -> Bool {
        guard buffer.count >= STUNMessageHeader.size, buffer[0] <= 3 else { return false }
        let length = Int(buffer[2]) << 8 | Int(buffer[3])
        let cookie = UInt32(buffer[4]) << 24 | UInt32(buffer[5]) << 16 | UInt32(buffer[6]) << 8
            | UInt32(buffer[7])
        return cookie == magicCookie && length % 4 == 0 && length == buffer.count - STUNMessageHeader.size
    }

    /// Whether `bytes` looks like one whole STUN message (see the `UnsafeRawBufferPointer` form).
    public static func isProbablySTUN(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBytes { isProbablySTUN($0) }
    }

    /// Whether `bytes` looks like one whole STUN message (see the `UnsafeRawBufferPointer` form).
    public static func isProbablySTUN(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { isProbablySTUN($0) }
    }
}

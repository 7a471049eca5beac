import COpus

/// The one place libopus return codes become `AudioCodecError`s (RFC 6716 reference API).
enum OpusLibrary {
    /// Returns `code` when it is not negative (a length or count), else throws
    /// `.opus(call:code:)`; `OPUS_BUFFER_TOO_SMALL` becomes `.bufferTooSmall`.
    @inline(__always)
    @discardableResult
    static func check(_ code: Int32, _ call: StaticString) throws(AudioCodecError) -> Int {
        if code >= 0 { return Int(code) }
        if code == OPUS_BUFFER_TOO_SMALL { throw .bufferTooSmall }
        throw .opus(call: call.description, code: code)
    }

    /// libopus's name for an error code (`opus_strerror`).
    static func errorName(_ code: Int32) -> String {
        String(cString: opus_strerror(code))
    }

    /// Sample rates libopus encodes and decodes at (RFC 6716 §2, `opus_encoder_create`).
    static let sampleRates: Set<Int> = [8000, 12000, 16000, 24000, 48000]
}

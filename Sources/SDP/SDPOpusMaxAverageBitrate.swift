/// The seed's `maxAverageBitrate` option: the Opus `maxaveragebitrate` format parameter in
/// bits per second (RFC 7587 §6.1), a whole number in 8000–48000, default 48000.
public struct SDPOpusMaxAverageBitrate: Sendable, Hashable, CustomStringConvertible {
    /// The values the seed accepts.
    public static let range = 8000...48000
    /// The seed's default, 48000.
    public static let `default` = SDPOpusMaxAverageBitrate(checked: 48000)

    /// The bit rate in bits per second.
    public let bitsPerSecond: Int

    /// A bit rate, or `SDPConfigurationError.maxAverageBitrateOutOfRange` outside 8000–48000.
    public init(_ bitsPerSecond: Int) throws(SDPConfigurationError) {
        guard Self.range.contains(bitsPerSecond) else {
            throw .maxAverageBitrateOutOfRange(bitsPerSecond)
        }
        self.bitsPerSecond = bitsPerSecond
    }

    private init(checked bitsPerSecond: Int) { self.bitsPerSecond = bitsPerSecond }

    /// The parameter value, e.g. `48000`.
    public var description: String { String(bitsPerSecond) }
}

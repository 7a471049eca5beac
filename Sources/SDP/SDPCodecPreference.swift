/// The seed's `codecs` option: the audio codecs to use, in preference order, never empty and
/// without duplicates (default `OPUS`, `PCMU`).
public struct SDPCodecPreference: Sendable, Hashable, CustomStringConvertible {
    /// The seed's default: Opus, then PCMU.
    public static let `default` = SDPCodecPreference(checked: [.opus, .pcmu])

    /// The codecs, most preferred first.
    public let codecs: [SDPAudioCodec]

    /// A preference list, or a typed error when it is empty or names a codec twice.
    public init(_ codecs: [SDPAudioCodec]) throws(SDPConfigurationError) {
        guard !codecs.isEmpty else { throw .emptyCodecList }
        var seen: Set<SDPAudioCodec> = []
        for codec in codecs where !seen.insert(codec).inserted {
            throw .duplicateCodec(codec)
        }
        self.codecs = codecs
    }

    /// A preference list from the seed's option names (`["OPUS", "PCMU"]`); nil when a name is
    /// unknown, the list is empty or repeats a codec. (The SDK then keeps its default.)
    public init?(optionNames: [String]) {
        let codecs = optionNames.compactMap(SDPAudioCodec.init(optionName:))
        guard codecs.count == optionNames.count, let checked = try? SDPCodecPreference(codecs) else { return nil }
        self = checked
    }

    private init(checked codecs: [SDPAudioCodec]) { self.codecs = codecs }

    /// The option names, e.g. `OPUS,PCMU`.
    public var description: String { codecs.map { $0.rawValue.uppercased() }.joined(separator: ",") }
}

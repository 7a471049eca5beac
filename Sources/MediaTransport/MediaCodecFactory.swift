import AudioCodecs
import SDP

/// Makes the encoder and decoder for a negotiated codec (RFC 7587 for Opus: 48 kHz RTP clock,
/// mono send; G.711 at 8 kHz).
enum MediaCodecFactory {
    static func make(_ parameters: MediaStreamParameters) throws(AudioCodecError) -> (any AudioEncoder, any AudioDecoder) {
        switch parameters.codec {
        case .opus:
            var configuration = OpusEncoderConfiguration()
            configuration.bitrate = parameters.maxAverageBitrate
            configuration.inbandFEC = parameters.inbandFEC
            configuration.complexity = max(0, min(10, parameters.opusComplexity))
            let encoder = try OpusEncoder(configuration)
            let decoder = try OpusDecoder(sampleRate: 48_000, channels: parameters.receiveChannels)
            return (encoder, decoder)
        case .pcmu:
            return (G711Encoder(law: .muLaw), G711Decoder(law: .muLaw))
        case .pcma:
            return (G711Encoder(law: .aLaw), G711Decoder(law: .aLaw))
        }
    }
}

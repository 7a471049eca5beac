import ICE
import PlivoSDK

extension CallMedia {
    /// Binds the socket and gathers candidates for a call of this run (`--stun`, `--stun-race`,
    /// the audio options and devices of the context); notes go to standard error.
    static func prepare(role: ICERole, context: PhoneCommandContext) async throws(ICEError) -> CallMedia {
        try await prepare(role: role, mediaAddress: context.mediaAddress, stunServers: context.stunServers,
                          stunRace: context.stunRace, audio: context.audio, devices: context.devices,
                          software: "plivo-phone", note: { PhoneEventPrinter.note($0) })
    }
}

import SIPCore

/// What a Plivo media server tells a client in the body of an in-dialog SIP INFO (other than
/// DTMF): the callee's phone rings (`remote-party-ringing`, the SDK's `onCallConnected`), or
/// remote audio stopped / resumed (`no-remote-audio` / `remote-audio`, the SDK's
/// `remoteAudioStatus(false/true)`, sent in conference and multi-party calls).
public enum SIPPlivoInfoSignal: Sendable, Hashable {
    /// `remote-party-ringing`.
    case remotePartyRinging
    /// `remote-audio` (true) or `no-remote-audio` (false).
    case remoteAudio(Bool)

    /// The signal an INFO request carries, or nil (DTMF relay, anything else). The body is
    /// compared without surrounding whitespace and case; the Content-Type is not required
    /// (the SDK reads the body alone).
    public init?(info request: SIPMessage) {
        guard request.method == .info else { return nil }
        self.init(body: request.body)
    }

    /// The signal in a body, or nil.
    public init?(body: [UInt8]) {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = body.firstIndex(where: { !isSpace($0) }),
              let last = body.lastIndex(where: { !isSpace($0) }) else { return nil }
        switch String(decoding: body[first...last], as: UTF8.self).lowercased() {
        case "remote-party-ringing": self = .remotePartyRinging
        case "no-remote-audio": self = .remoteAudio(false)
        case "remote-audio": self = .remoteAudio(true)
        default: return nil
        }
    }
}

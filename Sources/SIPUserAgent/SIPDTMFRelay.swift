import StackCore

/// DTMF in SIP INFO bodies: `application/dtmf-relay` (`Signal=5\r\nDuration=100\r\n`, the body
/// JsSIP and the Plivo SDK send, the SDK's "outband" DTMF) and `application/dtmf` (the digit
/// alone).
public enum SIPDTMFRelay {
    /// The content type of a DTMF relay body.
    public static let contentType = "application/dtmf-relay"
    /// The digits the Plivo SDK sends (seed `sendDtmf`: 0–9, `*`, `#`).
    public static let sendableDigits: Set<Character> = Set("0123456789*#")
    /// The default tone duration in ms (JsSIP: 100, range 70–6000).
    public static let defaultDuration = 100

    /// The body for one digit: `Signal=<digit>\r\nDuration=<ms>\r\n`.
    public static func body(digit: Character, duration: Int = defaultDuration) -> [UInt8] {
        Array("Signal=\(digit)\r\nDuration=\(duration)\r\n".utf8)
    }

    /// Reads a DTMF INFO body: the tone and its duration (100 ms when absent). `nil` when the
    /// content type is not a DTMF one or the body names no tone. Tones are one of
    /// `0-9 * # A-D` (RFC 4733 events 0–15); `flash` is not a tone here.
    public static func parse(contentType: String, body: [UInt8]) -> (tone: String, duration: Int)? {
        let type = contentType.lowercased()
        let text = String(decoding: body, as: UTF8.self)
        if type == "application/dtmf" {
            let tone = text.trimmingWhitespace()
            return isTone(tone) ? (tone.uppercased(), defaultDuration) : nil
        }
        guard type == Self.contentType else { return nil }
        var tone: String?
        var duration = defaultDuration
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].lowercased().trimmingWhitespace()
            let value = String(parts[1]).trimmingWhitespace()
            if name == "signal" {
                tone = value.uppercased()
            } else if name == "duration", let number = Int(value), number >= 0, number <= 100_000 {
                duration = number
            }
        }
        guard let tone, isTone(tone) else { return nil }
        return (tone, duration)
    }

    static func isTone(_ text: String) -> Bool {
        guard text.count == 1, let character = text.uppercased().first else { return false }
        return "0123456789*#ABCD".contains(character)
    }
}

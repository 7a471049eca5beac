import SIPCore

/// The Plivo SDK's rule for extra headers on calls (seed `call(number, extraHeaders)` and
/// ../shared/reference/plivo-sdk-behaviour.md §5.2), applied both to the headers an app puts on
/// an outgoing INVITE and to the headers of an incoming INVITE reported to the app.
///
/// A header passes when its name starts with `X-PH-` (any case) followed by 1–19 characters
/// of `[A-Za-z0-9-]`, and its value is 1–120 characters of the seed's set: `A-Z a-z 0-9` and
/// `+ - _ ( )`. Anything else is dropped; the caller logs what was dropped.
public enum SIPExtraHeaders {
    /// The outcome of filtering: the headers kept (in order) and the names of those dropped.
    public struct Filtered: Sendable, Hashable {
        /// Headers that pass, in their original order.
        public var kept: [SIPParameter]
        /// Names of the headers that did not pass (values are not kept: they may be secrets).
        public var dropped: [String]
    }

    /// Filters `headers` by the seed's rules.
    public static func filter(_ headers: [SIPParameter]) -> Filtered {
        var result = Filtered(kept: [], dropped: [])
        for header in headers {
            if isAllowed(name: header.name, value: header.value ?? "") {
                result.kept.append(header)
            } else {
                result.dropped.append(header.name)
            }
        }
        return result
    }

    /// The `X-PH-` headers of a received request that pass the filter, as name/value pairs in
    /// order; other `X-PH-` headers are listed as dropped, any other header is not looked at.
    public static func received(in message: SIPMessage) -> Filtered {
        var candidates: [SIPParameter] = []
        for field in message.headerFields where field.name.utf8.count >= 5
            && field.name.prefix(5).uppercased() == "X-PH-" {
            candidates.append(SIPParameter(field.name, field.value))
        }
        return filter(candidates)
    }

    /// Whether one header passes the seed's name and value rules.
    public static func isAllowed(name: String, value: String) -> Bool {
        let nameBytes = Array(name.utf8)
        guard nameBytes.count >= 6, nameBytes.count <= 24,
              String(decoding: nameBytes[0..<5], as: UTF8.self).uppercased() == "X-PH-" else { return false }
        guard nameBytes[5...].allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else { return false }
        let valueBytes = Array(value.utf8)
        guard (1...120).contains(valueBytes.count) else { return false }
        return valueBytes.allSatisfy { byte in
            isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}

/// A JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped
/// (`\n`, `\r`, `\t` by name, the rest and DEL as `\u00XX`); everything else as it is.
public enum JSONStringLiteral {
    /// Appends `text` as a quoted JSON string to `out`.
    public static func write(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `text` as a quoted JSON string.
    public static func quoted(_ text: String) -> String {
        var out = ""
        write(text, to: &out)
        return out
    }
}

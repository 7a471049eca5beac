/// JavaScript's number-to-string conversions, so that values the Plivo SDK turns into strings
/// (`mediaMetrics` values, `toFixed` results) read the same here.
public enum JSNumberFormat {
    /// `String(value)` in JavaScript (ECMA-262 `Number::toString`): the shortest digits that
    /// read back as `value`, integers without a fraction (`40`, not `40.0`), plain notation from
    /// 1e-6 up to 1e21 and `1e-7` / `1e+21` style outside it; `NaN`, `Infinity`, `-Infinity`.
    public static func string(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        let sign = value < 0 ? "-" : ""
        // Swift's description has the same shortest round-trip digits; only the layout differs.
        let text = value.magnitude.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts.first.map(String.init) ?? text
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        var digits = Array(mantissa.filter { $0 != "." })
        // value = 0.d1d2… × 10^n
        var n = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
            ?? mantissa.count) + exponent
        while digits.first == "0" {
            digits.removeFirst()
            n -= 1
        }
        while digits.last == "0" {
            digits.removeLast()
        }
        let k = digits.count
        let all = String(digits)
        if k <= n && n <= 21 {
            return sign + all + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return sign + String(digits[..<n]) + "." + String(digits[n...])
        }
        if -6 < n && n <= 0 {
            return sign + "0." + String(repeating: "0", count: -n) + all
        }
        let e = n - 1
        let exponentText = (e < 0 ? "-" : "+") + String(e.magnitude)
        let head = k == 1 ? all : String(digits[0]) + "." + String(digits[1...])
        return sign + head + "e" + exponentText
    }

    /// `value.toFixed(digits)` in JavaScript: the exact binary value rounded to `digits`
    /// decimals, ties away from zero (`(0.125).toFixed(2)` is `0.13`); magnitudes of 1e21 and
    /// more as ``string(_:)``. `digits` is clamped to 0…20.
    public static func fixed(_ value: Double, digits: Int) -> String {
        if !value.isFinite || value.magnitude >= 1e21 { return string(value) }
        let places = min(max(digits, 0), 20)
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        if magnitude >= 0x1p52 {
            // Already an integer (below 1e21 < 2^70): only zeros follow the point.
            let integer = String(UInt128(magnitude))
            return sign + integer + (places > 0 ? "." + String(repeating: "0", count: places) : "")
        }
        var text = String(scaledInteger(magnitude, places: places))
        if places > 0 {
            if text.count <= places {
                text = String(repeating: "0", count: places + 1 - text.count) + text
            }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -places))
        }
        return sign + text
    }

    /// `parseFloat(value.toFixed(digits))`: `value` rounded to `digits` decimals as the SDK
    /// rounds (fraction loss, MOS).
    public static func rounded(_ value: Double, digits: Int) -> Double {
        Double(fixed(value, digits: digits)) ?? value
    }

    /// round(`magnitude` × 10^`places`), ties up, computed exactly from the binary value
    /// m · 2^e of a `magnitude` below 2^52 (so e < 0).
    private static func scaledInteger(_ magnitude: Double, places: Int) -> UInt128 {
        let exponent: Int
        let significand: UInt128
        if magnitude.exponentBitPattern == 0 {
            significand = UInt128(magnitude.significandBitPattern)
            exponent = -1074
        } else {
            significand = UInt128(magnitude.significandBitPattern) | (UInt128(1) << 52)
            exponent = Int(magnitude.exponentBitPattern) - 1075
        }
        var power: UInt128 = 1
        for _ in 0..<places { power *= 10 }
        let numerator = significand * power  // < 2^53 · 10^20 < 2^120
        let shift = max(-exponent, 1)
        guard shift < 127 else { return 0 }  // numerator < 2^120 < half
        let quotient = numerator >> shift
        let remainder = numerator - (quotient << shift)
        let half = UInt128(1) << (shift - 1)
        return remainder >= half ? quotient + 1 : quotient
    }
}

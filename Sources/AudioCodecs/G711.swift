/// ITU-T G.711 companding of 16-bit linear PCM, sample by sample (G.711 §2, Tables 1a/1b, 2a/2b).
///
/// Decoding reads a 256-entry table per law; encoding finds the segment from the leading bit,
/// so neither allocates. µ-law uses the bias 0x84 (33 in 14-bit units); A-law codes are sent
/// with the even bits inverted (XOR 0x55).
public enum G711 {
    /// Encodes one sample (G.711 §2). Values beyond the law's range clip to its largest code.
    @inlinable
    public static func encode(_ sample: Int16, law: G711Law) -> UInt8 {
        switch law {
        case .muLaw: muLawEncode(sample)
        case .aLaw: aLawEncode(sample)
        }
    }

    /// Decodes one code to the reconstruction value of its interval (G.711 §2), scaled to 16 bits.
    @inlinable
    public static func decode(_ byte: UInt8, law: G711Law) -> Int16 {
        switch law {
        case .muLaw: muLawTable[Int(byte)]
        case .aLaw: aLawTable[Int(byte)]
        }
    }

    /// µ-law encoder: 14-bit magnitude plus the bias, segment = position of the leading bit.
    @usableFromInline
    static func muLawEncode(_ sample: Int16) -> UInt8 {
        let negative = sample < 0
        // |x| in 16-bit units, clipped so that magnitude + bias stays within segment 7.
        var magnitude = negative ? -Int(sample) : Int(sample)
        magnitude = min(magnitude, 32635) + 0x84
        let exponent = (Int.bitWidth - 1 - magnitude.leadingZeroBitCount) - 7
        let mantissa = (magnitude >> (exponent + 3)) & 0x0F
        let code = UInt8(exponent << 4 | mantissa) | (negative ? 0x80 : 0)
        return ~code
    }

    /// A-law encoder: 13-bit magnitude, segment 0 and 1 share the step size (G.711 Table 1a).
    @usableFromInline
    static func aLawEncode(_ sample: Int16) -> UInt8 {
        var value = Int(sample) >> 3
        let sign: UInt8
        if value >= 0 {
            sign = 0x80
        } else {
            sign = 0
            value = -value - 1
        }
        let code: Int
        if value >= 0x1000 {
            code = 0x7F
        } else if value < 0x20 {
            code = value >> 1
        } else {
            let segment = (Int.bitWidth - 1 - value.leadingZeroBitCount) - 4
            code = segment << 4 | ((value >> segment) & 0x0F)
        }
        return (UInt8(code) | sign) ^ 0x55
    }

    /// µ-law decode table: magnitude ((2m + 33) · 2^e − 33) · 4, code bits inverted (Table 2a).
    @usableFromInline
    static let muLawTable: [Int16] = (0...255).map { (byte: Int) -> Int16 in
        let code = ~byte & 0xFF
        let exponent = (code >> 4) & 0x07
        let mantissa = code & 0x0F
        let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
        return Int16(code & 0x80 != 0 ? -magnitude : magnitude)
    }

    /// A-law decode table: magnitude (2m + 1) · 8 in segment 0, (2m + 33) · 2^(e−1) · 8 above
    /// (Table 1a); sign bit 1 = positive after undoing XOR 0x55.
    @usableFromInline
    static let aLawTable: [Int16] = (0...255).map { (byte: Int) -> Int16 in
        let code = byte ^ 0x55
        let exponent = (code >> 4) & 0x07
        let mantissa = code & 0x0F
        let magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1)
        return Int16(code & 0x80 != 0 ? magnitude : -magnitude)
    }
}

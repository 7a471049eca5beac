/// The simplified ITU-T G.107 E-model the Plivo SDK uses for its MOS (`rtpStats.ts: mosCal`).
///
/// - effective latency `EL = rtt + 2·jitter + 10` (ms);
/// - `R = 93.2 − EL/40` when `EL < 160`, else `R = 93.2 − (EL − 120)/10`;
/// - `R −= 250·loss` (loss as a fraction, written `100·loss·2.5` as in the SDK);
/// - MOS 1 when `R ≤ 0`, `1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R)` rounded to 3 decimals
///   when `R < 100`, else 4.5.
///
/// The base factor is 93.2: the SDK meant 95 for Opus but never records the codec.
public enum EModel {
    /// The R factor without impairments (the SDK's `Rfactor` for every codec).
    public static let baseR = 93.2

    /// The R factor for a round-trip time and jitter in milliseconds and a fraction of packets
    /// lost (0…1).
    public static func rFactor(rtt: Double, jitter: Double, loss: Double) -> Double {
        let effectiveLatency = rtt + jitter * 2 + 10
        var r: Double
        if effectiveLatency < 160 {
            r = baseR - effectiveLatency / 40
        } else {
            r = baseR - (effectiveLatency - 120) / 10
        }
        r -= 100 * loss * 2.5
        return r
    }

    /// The MOS (1…4.5, 3 decimals) for an R factor.
    public static func mos(r: Double) -> Double {
        if r <= 0 { return 1 }
        if r < 100 {
            return JSNumberFormat.rounded(1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r), digits: 3)
        }
        return 4.5
    }

    /// The MOS for a round-trip time and jitter in milliseconds and a fraction of packets lost.
    public static func mos(rtt: Double, jitter: Double, loss: Double) -> Double {
        mos(r: rFactor(rtt: rtt, jitter: jitter, loss: loss))
    }
}

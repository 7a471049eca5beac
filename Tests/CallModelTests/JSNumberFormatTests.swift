import CallModel
import Testing

/// JavaScript's `String(number)` and `toFixed`, checked against values Node prints.
@Suite struct JSNumberFormatTests {
    @Test("String(number): shortest digits, no .0 on integers, JavaScript's exponent ranges")
    func string() {
        #expect(JSNumberFormat.string(40) == "40")
        #expect(JSNumberFormat.string(37.5) == "37.5")
        #expect(JSNumberFormat.string(94.0 / 3.0) == "31.333333333333332")
        #expect(JSNumberFormat.string(0.1 + 0.2) == "0.30000000000000004")
        #expect(JSNumberFormat.string(-100) == "-100")
        #expect(JSNumberFormat.string(-45.5) == "-45.5")
        #expect(JSNumberFormat.string(0.05) == "0.05")
        #expect(JSNumberFormat.string(0.000001) == "0.000001")
        #expect(JSNumberFormat.string(1.5e-7) == "1.5e-7")
        #expect(JSNumberFormat.string(123e-20) == "1.23e-18")
        #expect(JSNumberFormat.string(1e20) == "100000000000000000000")
        #expect(JSNumberFormat.string(1e21) == "1e+21")
        #expect(JSNumberFormat.string(2.5e25) == "2.5e+25")
        #expect(JSNumberFormat.string(.leastNonzeroMagnitude) == "5e-324")
        #expect(JSNumberFormat.string(.greatestFiniteMagnitude) == "1.7976931348623157e+308")
        #expect(JSNumberFormat.string(-0.0) == "0")
        #expect(JSNumberFormat.string(.nan) == "NaN")
        #expect(JSNumberFormat.string(-.infinity) == "-Infinity")
    }

    @Test("toFixed: the exact binary value rounded, ties away from zero")
    func fixed() {
        #expect(JSNumberFormat.fixed(400.625, digits: 2) == "400.63")  // exactly a tie: up
        #expect(JSNumberFormat.fixed(0.125, digits: 2) == "0.13")
        #expect(JSNumberFormat.fixed(1.005, digits: 2) == "1.00")  // 1.00499999999999989…
        #expect(JSNumberFormat.fixed(0.0225, digits: 3) == "0.022")  // 0.02249999999999999916…
        #expect(JSNumberFormat.fixed(0.000625, digits: 3) == "0.001")  // 0.00062500000000000001…
        #expect(JSNumberFormat.fixed(475, digits: 2) == "475.00")
        #expect(JSNumberFormat.fixed(0.5, digits: 0) == "1")
        #expect(JSNumberFormat.fixed(-1.5, digits: 0) == "-2")
        #expect(JSNumberFormat.fixed(-0.001, digits: 2) == "-0.00")
        #expect(JSNumberFormat.fixed(0.000001, digits: 7) == "0.0000010")
        #expect(JSNumberFormat.fixed(123.456, digits: 0) == "123")
        #expect(JSNumberFormat.fixed(9_007_199_254_740_992, digits: 2) == "9007199254740992.00")
        #expect(JSNumberFormat.fixed(1e21, digits: 2) == "1e+21")
    }

    @Test("parseFloat(toFixed): rounded to a number")
    func rounded() {
        #expect(JSNumberFormat.rounded(0.068 / 3, digits: 3) == 0.023)
        #expect(JSNumberFormat.rounded(1.459519704, digits: 3) == 1.46)
        #expect(JSNumberFormat.rounded(1.0 / 3.0, digits: 3) == 0.333)
    }

    /// `[value, String(value), value.toFixed(2), value.toFixed(3)]` as Node 20 prints them.
    static let nodeTable: [(Double, String, String, String)] = [
        (123.456, "123.456", "123.46", "123.456"),
        (0.1, "0.1", "0.10", "0.100"),
        (0.3333333333333333, "0.3333333333333333", "0.33", "0.333"),
        (666.6666666666666, "666.6666666666666", "666.67", "666.667"),
        (0.00001, "0.00001", "0.00", "0.000"),
        (0.0000095, "0.0000095", "0.00", "0.000"),
        (1234567.891, "1234567.891", "1234567.89", "1234567.891"),
        (4.35, "4.35", "4.35", "4.350"),
        (1.45, "1.45", "1.45", "1.450"),
        (8.345, "8.345", "8.35", "8.345"),
        (0.0005, "0.0005", "0.00", "0.001"),
        (0.0015, "0.0015", "0.00", "0.002"),
        (2.675, "2.675", "2.67", "2.675"),
        (1000000000000000.2, "1000000000000000.2", "1000000000000000.25", "1000000000000000.250"),
        (99.995, "99.995", "100.00", "99.995"),
        (12345678901234567168, "12345678901234567000", "12345678901234567168.00", "12345678901234567168.000"),
        (7.1e-7, "7.1e-7", "0.00", "0.000"),
        (0.30000000000000004, "0.30000000000000004", "0.30", "0.300"),
        (401.005, "401.005", "401.00", "401.005"),
        (55.555, "55.555", "55.55", "55.555"),
    ]

    @Test("agrees with Node on a table of values", arguments: nodeTable)
    func node(row: (Double, String, String, String)) {
        #expect(JSNumberFormat.string(row.0) == row.1)
        #expect(JSNumberFormat.fixed(row.0, digits: 2) == row.2)
        #expect(JSNumberFormat.fixed(row.0, digits: 3) == row.3)
        #expect(JSNumberFormat.string(-row.0) == "-" + row.1)
    }
}

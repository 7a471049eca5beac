// libFuzzer target for SIPMessage(parsing:), one message per input (as one UDP datagram).
//
// Oracle (a crash = a finding):
//   * whenever the strict parse accepts the input, serialize → strict parse must succeed and
//     give a message equal (==) to the first one;
//   * no Swift runtime trap or ASan report anywhere in parse, serialize, validate or the typed
//     accessors (Via, From, To, CSeq, Call-ID, Content-Length), in strict or lenient mode.
// With SIP_FUZZ_EXTRA=1 in the environment, more is demanded (stricter than the API contract;
// see Docs/FUZZING.md):
//   * serialization is a fixpoint: serialize(parse(serialize(m))) == serialize(m);
//   * a lenient parse round-trips too (through a lenient re-parse);
//   * whatever strict accepts, lenient accepts too, with an equal result.
//
// This file must not be called main.swift: libFuzzer provides main().
import FuzzSupport
import SIPCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSIPMessage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)

    let strict = try? SIPMessage(parsing: bytes)
    if let strict {
        exercise(strict)
        assertRoundTrip(strict, options: .strict, context: "strict")
    }

    let lenient = try? SIPMessage(parsing: bytes, options: .lenient)
    if let lenient {
        exercise(lenient)
        // Always serialize (it must not trap); the equality check is an extra.
        if extraChecks {
            assertRoundTrip(lenient, options: .lenient, context: "lenient")
        } else {
            _ = lenient.serialized()
        }
    }

    if extraChecks, let strict {
        guard let lenient else {
            fatalError("strict accepts the input but lenient rejects it: \(describe(bytes))")
        }
        if lenient != strict {
            fatalError("strict and lenient parse the same input differently: \(describe(bytes))")
        }
    }
    return 0
}

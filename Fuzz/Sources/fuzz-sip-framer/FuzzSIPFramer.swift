// libFuzzer target for SIPStreamFramer (SIP over TCP/TLS: many messages in one byte stream).
//
// Input layout: byte 0 chooses a split point, the rest is the stream. The stream is fed
//   (a) as two appends, split at (byte0 * streamLength / 255), draining after each append, and
//   (b) one byte at a time, draining after every byte.
// Oracle (a crash = a finding):
//   * every message the framer yields round-trips: parse(serialize(m)) == m (strict options);
//   * (a) and (b) yield the same messages, in the same order, as far as both got; when neither
//     hit a framing error, they yield exactly the same list;
//   * the framer never yields more messages than there are input bytes (no loop without progress);
//   * no Swift runtime trap or ASan report anywhere (framer, parser, validator, accessors).
// With SIP_FUZZ_EXTRA=1: (a) and (b) must also agree on whether a framing error happened.
//
// This file must not be called main.swift: libFuzzer provides main().
import FuzzSupport
import SIPCore

private struct FramerRun {
    var messages: [SIPMessage] = []
    var failed = false
}

/// Takes every complete message out of `framer`; stops at the first framing error.
private func drain(_ framer: inout SIPStreamFramer, into run: inout FramerRun, limit: Int) {
    guard !run.failed else { return }
    do {
        while let message = try framer.nextMessage() {
            run.messages.append(message)
            if run.messages.count > limit {
                fatalError("framer yielded \(run.messages.count) messages from \(limit) bytes")
            }
        }
    } catch {
        run.failed = true
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSIPFramer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzInput(data, size)
    guard let first = input.first else { return 0 }
    let stream = Array(input.dropFirst())
    let split = Int(first) * stream.count / 255

    // (a) two chunks; the first as an ArraySlice, the second as an Array.
    var chunked = FramerRun()
    var framerA = SIPStreamFramer()
    framerA.append(stream[..<split])
    drain(&framerA, into: &chunked, limit: stream.count)
    if !chunked.failed {
        framerA.append(Array(stream[split...]))
        drain(&framerA, into: &chunked, limit: stream.count)
    }

    // (b) byte by byte.
    var bytewise = FramerRun()
    var framerB = SIPStreamFramer()
    for byte in stream {
        framerB.append([byte])
        drain(&framerB, into: &bytewise, limit: stream.count)
        if bytewise.failed { break }
    }

    for message in chunked.messages {
        exercise(message)
        assertRoundTrip(message, options: .strict, context: "framer message")
    }

    let common = min(chunked.messages.count, bytewise.messages.count)
    for index in 0..<common where chunked.messages[index] != bytewise.messages[index] {
        fatalError("""
            message \(index) differs between a split at \(split) and byte-by-byte feeding
            stream: \(describe(stream))
            """)
    }
    if !chunked.failed && !bytewise.failed && chunked.messages.count != bytewise.messages.count {
        fatalError("""
            split at \(split) gives \(chunked.messages.count) messages, byte by byte \(bytewise.messages.count)
            stream: \(describe(stream))
            """)
    }
    if extraChecks && chunked.failed != bytewise.failed {
        fatalError("""
            framing error only with \(chunked.failed ? "the split at \(split)" : "byte-by-byte feeding") \
            (messages: \(chunked.messages.count) vs \(bytewise.messages.count))
            stream: \(describe(stream))
            """)
    }
    return 0
}

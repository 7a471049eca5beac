/// Turns a scenario's message block into bytes: `${name}` variables expanded, header lines
/// that expand to nothing dropped, the blank line ensured, `${content-length}` set to the
/// body's length.
enum ConformanceTemplate {
    /// A variable a template names that has no value.
    struct UnknownVariable: Error, Sendable, CustomStringConvertible {
        var name: String
        var description: String { "unknown variable ${\(name)}" }
    }

    /// Expands every `${name}` in `bytes` through `lookup`.
    static func expand(_ bytes: some Collection<UInt8>, lookup: (String) throws(UnknownVariable) -> String) throws(UnknownVariable) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            let next = bytes.index(after: index)
            if byte == UInt8(ascii: "$"), next != bytes.endIndex, bytes[next] == UInt8(ascii: "{"),
               let close = bytes[next...].firstIndex(of: UInt8(ascii: "}")) {
                let name = String(decoding: bytes[bytes.index(after: next)..<close], as: UTF8.self)
                output.append(contentsOf: Array(try lookup(name).utf8))
                index = bytes.index(after: close)
            } else {
                output.append(byte)
                index = next
            }
        }
        return output
    }

    /// A whole message from a template (see the type's summary).
    static func message(_ template: [UInt8], lookup: (String) throws(UnknownVariable) -> String) throws(UnknownVariable) -> [UInt8] {
        let marker = "\u{1}content-length\u{1}"
        let lines = template.split(separator: 10, omittingEmptySubsequences: false).map { line -> ArraySlice<UInt8> in
            line.last == 13 ? line.dropLast() : line
        }
        var head: [UInt8] = []
        var body: [UInt8] = []
        var inBody = false
        // `${content-length}` waits as a marker until the body's length is known.
        func expanded(_ line: ArraySlice<UInt8>) throws(UnknownVariable) -> [UInt8] {
            try expand(line) { name throws(UnknownVariable) in name == "content-length" ? marker : try lookup(name) }
        }
        for (position, line) in lines.enumerated() {
            // The split leaves one empty piece after the final line break.
            if position == lines.count - 1, line.isEmpty { break }
            if inBody {
                body.append(contentsOf: try expanded(line))
                body.append(contentsOf: [13, 10])
                continue
            }
            if line.isEmpty {
                inBody = true
                continue
            }
            let headerLine = try expanded(line)
            if headerLine.allSatisfy({ $0 == 32 || $0 == 9 }), line.contains(UInt8(ascii: "$")) { continue }
            head.append(contentsOf: headerLine)
            head.append(contentsOf: [13, 10])
        }
        let text = head + [13, 10] + body
        let markerBytes = Array(marker.utf8)
        let length = Array(String(body.count).utf8)
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == 1, index + markerBytes.count <= text.count, Array(text[index..<(index + markerBytes.count)]) == markerBytes {
                result.append(contentsOf: length)
                index += markerBytes.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }
}

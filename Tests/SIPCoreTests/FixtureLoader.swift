import Foundation

/// Reads fixture files from the repository's Fixtures/ folder.
enum FixtureLoader {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(path)))
    }

    /// One entry of a corpus's expectations.json.
    struct Expectation: Sendable {
        var file: String
        var section: String
        var kind: String
        var verdict: String
        var method: String?
        var status: Int?
        var response: Int?
    }

    /// The expectations.json of a corpus folder, sorted by file name.
    static func expectations(_ folder: String) throws -> [Expectation] {
        let data = try Data(contentsOf: root.appendingPathComponent(folder).appendingPathComponent("expectations.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] ?? [:]
        return object.sorted { $0.key < $1.key }.map { file, fields in
            Expectation(file: file, section: fields["section"] as? String ?? "?", kind: fields["kind"] as? String ?? "",
                        verdict: fields["verdict"] as? String ?? "", method: fields["method"] as? String,
                        status: fields["status"] as? Int, response: fields["response"] as? Int)
        }
    }

    /// Every file in a folder (sorted), without expectations.json.
    static func files(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
            .filter { $0 != "expectations.json" && !$0.hasPrefix(".") }.sorted()
    }
}

/// CRLF-terminated message text from lines.
func sipText(_ lines: [String], body: String = "") -> [UInt8] {
    Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
}

import Foundation
import SDP

/// Reads the SDP fixtures in Fixtures/SDP/ and holds the local media used with them.
enum SDPFixtures {
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("SDP")

    /// The bytes of one fixture file.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// One fixture, parsed.
    static func session(_ name: String) throws -> SDPSession {
        try SDPSession(parsing: bytes(name))
    }

    /// Every .sdp fixture file name, sorted.
    static var all: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".sdp") }.sorted()
    }

    /// The captured peers' fixtures.
    static let captured = [
        "chromium-offer.sdp", "chromium-answer.sdp", "chromium-answer-to-ours.sdp",
        "aiortc-offer.sdp", "aiortc-answer.sdp", "aiortc-answer-to-ours.sdp",
    ]

    /// The local media behind Fixtures/SDP/ours-offer-savpf.sdp (the offer Chromium and
    /// aiortc answered in chromium-answer-to-ours.sdp and aiortc-answer-to-ours.sdp).
    static var ourLocal: SDPLocalMedia {
        var local = SDPLocalMedia()
        local.address = "127.0.0.1"
        local.port = 40000
        local.ice = SDPICEParameters(usernameFragment: "Swft", password: "SwiftSDPFixturePassword1", options: ["trickle"])
        local.candidates = [SDPCandidate(foundation: "1", priority: 2_130_706_431, address: "127.0.0.1", port: 40000)]
        local.endOfCandidates = true
        local.fingerprints = [SDPFingerprint(hashFunction: "sha-256", bytes: Array(0..<32))]
        local.ssrc = 0x1234_5678
        local.cname = "plivo-swift"
        local.msid = SDPMSID(streamID: "plivo-stream", trackID: "plivo-audio")
        local.sessionID = 1_234_567_890_123_456_789
        local.sessionVersion = 1
        return local
    }

    /// The local media behind Fixtures/SDP/ours-offer-avp.sdp: plain RTP for SIP phones.
    static var ourPlainLocal: SDPLocalMedia {
        var local = SDPLocalMedia()
        local.profile = .rtpAVP
        local.address = "127.0.0.1"
        local.port = 40002
        local.codecs = (try? SDPCodecPreference([.opus, .pcmu, .pcma])) ?? .default
        local.mid = nil
        local.rtcpReducedSize = false
        local.packetTime = 20
        local.ssrc = 0x0BAD_CAFE
        local.cname = "plivo-swift"
        local.sessionID = 42
        local.sessionVersion = 7
        local.sessionName = "plivo-phone"
        return local
    }

    /// Text with CRLF line ends from lines.
    static func crlf(_ lines: [String]) -> [UInt8] {
        Array(lines.map { $0 + "\r\n" }.joined().utf8)
    }
}

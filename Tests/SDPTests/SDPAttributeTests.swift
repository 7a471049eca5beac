import Testing
import SDP

/// Typed attribute values: rtpmap, fmtp, rtcp-fb, fingerprint, setup, group, ssrc, msid, extmap.
@Suite("SDP attributes")
struct SDPAttributeTests {
    @Test("RFC 8866 §6.6: rtpmap with and without encoding parameters")
    func rtpmap() throws {
        let opus = try #require(SDPRTPMap(parsing: "111 opus/48000/2"))
        #expect(opus.channels == 2)
        #expect(SDPAudioCodec.matching(opus) == .opus)
        let pcmu = try #require(SDPRTPMap(parsing: "0 pcmu/8000"))
        #expect(SDPAudioCodec.matching(pcmu) == .pcmu, "encoding names compare case-insensitively")
        let event = try #require(SDPRTPMap(parsing: "110 telephone-event/48000"))
        #expect(event.isTelephoneEvent)
        #expect(event.description == "110 telephone-event/48000")
        #expect(SDPRTPMap(parsing: "128 x/8000") == nil)
        #expect(SDPRTPMap(parsing: "96 opus") == nil)
        #expect(SDPRTPMap(parsing: "96 opus/abc") == nil)
        #expect(SDPAudioCodec.matching(try #require(SDPRTPMap(parsing: "96 opus/48000/1"))) == nil)
        #expect(SDPAudioCodec.matching(try #require(SDPRTPMap(parsing: "96 opus/48000"))) == .opus)
    }

    @Test("RFC 8866 §6.15, RFC 7587 §6.1: fmtp parameter lists are read and set in place")
    func fmtp() throws {
        var opus = try #require(SDPFormatParameters(parsing: "111 minptime=10; useinbandfec=1"))
        #expect(opus.format == "111")
        #expect(opus.value(for: "useinbandfec") == "1")
        #expect(opus.value(for: "MINPTIME") == "10")
        opus.set("maxaveragebitrate", to: "20000")
        #expect(opus.description == "111 minptime=10;useinbandfec=1;maxaveragebitrate=20000")
        opus.set("minptime", to: "20")
        #expect(opus.parameters == "minptime=20;useinbandfec=1;maxaveragebitrate=20000")
        let events = try #require(SDPFormatParameters(parsing: "101 0-15"))
        #expect(events.list == [.init(name: "0-15")])
        #expect(SDPFormatParameters(parsing: "96")?.parameters == "")
        var twice = SDPFormatParameters(format: "96", parameters: "a=1;maxaveragebitrate=1;maxaveragebitrate=2")
        twice.set("maxaveragebitrate", to: "3")
        #expect(twice.parameters == "a=1;maxaveragebitrate=3")
    }

    @Test("RFC 4585 §4.2: rtcp-fb for a payload type or all")
    func rtcpFeedback() throws {
        #expect(SDPRTCPFeedback(parsing: "111 transport-cc") == SDPRTCPFeedback(format: "111", feedback: "transport-cc"))
        #expect(SDPRTCPFeedback(parsing: "* nack pli")?.isWildcard == true)
        #expect(SDPRTCPFeedback(parsing: "111") == nil)
    }

    @Test("RFC 8122 §5: fingerprints of several hash functions; length checked; upper-case output")
    func fingerprint() throws {
        let text = "sha-256 8D:E7:D8:9D:0D:18:04:C3:75:6F:B0:4B:CD:04:E2:3F:89:1F:F1:D1:20:F8:F9:1E:C8:1B:0A:F7:0B:2B:90:8F"
        let sha256 = try #require(SDPFingerprint(parsing: text))
        #expect(sha256.bytes.count == 32)
        #expect(sha256.bytes.first == 0x8D)
        #expect(sha256.description == text)
        let lower = try #require(SDPFingerprint(parsing: "SHA-1 " + (0..<20).map { _ in "ab" }.joined(separator: ":")))
        #expect(lower.hasHashFunction("sha-1"))
        #expect(lower.hexString.hasPrefix("AB:AB"))
        #expect(SDPFingerprint(parsing: "sha-256 AB:CD") == nil, "wrong length for sha-256")
        #expect(SDPFingerprint(parsing: "sha-256 8D-E7") == nil)
        #expect(SDPFingerprint(parsing: "x-future AB:CD")?.bytes == [0xAB, 0xCD], "unknown hash functions are kept")
    }

    @Test("RFC 4145 §4, RFC 8866 §6.7: setup roles and directions")
    func setupAndDirection() {
        #expect(SDPSetupRole(rawValue: "actpass") == .actpass)
        #expect(SDPDirection.sendonly.reversed == .recvonly)
        #expect(SDPDirection.sendonly.answer(wanting: .sendrecv) == .recvonly)
        #expect(SDPDirection.recvonly.answer(wanting: .sendrecv) == .sendonly)
        #expect(SDPDirection.recvonly.answer(wanting: .recvonly) == .inactive)
        #expect(SDPDirection.sendrecv.answer(wanting: .sendonly) == .sendonly)
        #expect(SDPDirection.inactive.answer(wanting: .sendrecv) == .inactive)
    }

    @Test("RFC 5888 §5, RFC 5576 §4.1, RFC 8830 §2, RFC 8285 §7: group, ssrc, msid, extmap")
    func groupingAndStreams() throws {
        #expect(SDPGroup(parsing: "BUNDLE 0 1") == SDPGroup(semantics: "BUNDLE", identificationTags: ["0", "1"]))
        #expect(SDPGroup(parsing: "BUNDLE")?.identificationTags == [])
        let ssrc = try #require(SDPSSRCAttribute(parsing: "1210492941 cname:sip:alice@127.0.0.1"))
        #expect(ssrc.ssrc == 1_210_492_941)
        #expect(ssrc.name == "cname")
        #expect(ssrc.value == "sip:alice@127.0.0.1")
        #expect(ssrc.description == "1210492941 cname:sip:alice@127.0.0.1")
        #expect(SDPSSRCAttribute(parsing: "4294967296 cname:x") == nil)
        #expect(SDPMSID(parsing: "- 6a25db7b") == SDPMSID(streamID: "-", trackID: "6a25db7b"))
        #expect(SDPMSID(parsing: "a b c") == nil)
        let extmap = try #require(SDPExtmap(parsing: "4/recvonly urn:ietf:params:rtp-hdrext:sdes:mid x=1"))
        #expect(extmap.id == 4)
        #expect(extmap.direction == .recvonly)
        #expect(extmap.uri == "urn:ietf:params:rtp-hdrext:sdes:mid")
        #expect(extmap.attributes == "x=1")
        #expect(extmap.description == "4/recvonly urn:ietf:params:rtp-hdrext:sdes:mid x=1")
        #expect(SDPExtmap(parsing: "1/sideways urn:x") == nil)
    }

    @Test("RFC 8866 §5.2, §5.7, §5.14: origin, connection and media line values")
    func coreValues() throws {
        let origin = try #require(SDPOrigin(parsing: "- 7568012961240520152 2 IN IP4 127.0.0.1"))
        #expect(origin.sessionID == "7568012961240520152")
        #expect(origin.sessionVersion == 2)
        #expect(origin.description == "- 7568012961240520152 2 IN IP4 127.0.0.1")
        #expect(SDPConnection(address: "::1").addressType == "IP6")
        let media = try #require(SDPMediaLine(parsing: "video 49170/2 RTP/AVP 31"))
        #expect(media.portCount == 2)
        #expect(media.description == "video 49170/2 RTP/AVP 31")
        #expect(SDPMediaLine(parsing: "audio 9 RTP//AVP 0") == nil)
        #expect(SDPTransportProfile(proto: "udp/tls/rtp/savpf") == .udpTLSRTPSAVPF)
        #expect(SDPTransportProfile(proto: "RTP/SAVP") == nil)
    }

    @Test("the seed's options: codec names and maxAverageBitrate bounds are typed errors")
    func configuration() throws {
        #expect(SDPCodecPreference(optionNames: ["OPUS", "PCMU"]) == .default)
        #expect(SDPCodecPreference(optionNames: ["pcmu"])?.codecs == [.pcmu])
        #expect(SDPCodecPreference(optionNames: ["OPUS", "G722"]) == nil)
        #expect(SDPCodecPreference(optionNames: []) == nil)
        #expect(throws: SDPConfigurationError.emptyCodecList) { try SDPCodecPreference([]) }
        #expect(throws: SDPConfigurationError.duplicateCodec(.opus)) { try SDPCodecPreference([.opus, .pcmu, .opus]) }
        #expect(try SDPOpusMaxAverageBitrate(8000).bitsPerSecond == 8000)
        #expect(try SDPOpusMaxAverageBitrate(48000) == .default)
        #expect(throws: SDPConfigurationError.maxAverageBitrateOutOfRange(7999)) { try SDPOpusMaxAverageBitrate(7999) }
        #expect(throws: SDPConfigurationError.maxAverageBitrateOutOfRange(48001)) { try SDPOpusMaxAverageBitrate(48001) }
        #expect(throws: SDPConfigurationError.maxAverageBitrateOutOfRange(-1)) { try SDPOpusMaxAverageBitrate(-1) }
    }
}

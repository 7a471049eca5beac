/// A fixed audio session description for calls until the SDP module exists (RFC 8866 / RFC
/// 3264 subset): an offer of Opus, PCMU, PCMA and telephone-event, and an answer that picks
/// the first of those the offer lists. Media is not sent yet: the port is 9 (discard) on our
/// own address, so a peer that sends RTP sends it to a closed loopback port.
enum PhoneSDP {
    /// The offer: `m=audio 9 RTP/AVP 111 0 8 101` with rtpmaps and the seed's Opus fmtp
    /// (`maxaveragebitrate=48000`).
    static func offer(address: String, sessionID: UInt64 = UInt64.random(in: 1...UInt64(Int64.max))) -> [UInt8] {
        let family = address.contains(":") ? "IP6" : "IP4"
        let lines = [
            "v=0",
            "o=- \(sessionID) 1 IN \(family) \(address)",
            "s=plivo-phone",
            "c=IN \(family) \(address)",
            "t=0 0",
            "m=audio 9 RTP/AVP 111 0 8 101",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1;maxaveragebitrate=48000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-16",
            "a=sendrecv",
        ]
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// The answer to `offer`: the first audio codec of ours the offer lists (its payload type
    /// kept) plus its telephone-event at the same clock rate; nil when the offer has no audio
    /// stream or no codec in common (the call is then refused with 488, RFC 3264 §6).
    static func answer(to offer: [UInt8], address: String,
                       sessionID: UInt64 = UInt64.random(in: 1...UInt64(Int64.max))) -> [UInt8]? {
        let text = String(decoding: offer, as: UTF8.self)
        var media: [Substring]?
        var names: [String: String] = [:]
        var inAudio = false
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("m=") {
                inAudio = line.hasPrefix("m=audio ") && media == nil
                if inAudio { media = line.dropFirst(2).split(separator: " ") }
            } else if inAudio, line.hasPrefix("a=rtpmap:") {
                let parts = line.dropFirst(9).split(separator: " ", maxSplits: 1)
                if parts.count == 2 { names[String(parts[0])] = parts[1].lowercased() }
            }
        }
        guard let media, media.count >= 4, media[1] != "0" else { return nil }
        let proto = String(media[2])
        let formats = media.dropFirst(3).map(String.init)
        let staticNames = ["0": "pcmu/8000", "8": "pcma/8000"]
        func name(_ pt: String) -> String? { names[pt] ?? staticNames[pt] }
        let wanted = ["opus/48000/2", "opus/48000", "pcmu/8000", "pcma/8000"]
        var chosen: (pt: String, name: String)?
        for codec in wanted {
            if let pt = formats.first(where: { name($0) == codec }) {
                chosen = (pt, codec)
                break
            }
        }
        guard let chosen else { return nil }
        let clock = chosen.name.split(separator: "/")[1]
        let dtmf = formats.first { name($0) == "telephone-event/\(clock)" }
        let family = address.contains(":") ? "IP6" : "IP4"
        var lines = [
            "v=0",
            "o=- \(sessionID) 1 IN \(family) \(address)",
            "s=plivo-phone",
            "c=IN \(family) \(address)",
            "t=0 0",
            "m=audio 9 \(proto) \(chosen.pt)" + (dtmf.map { " " + $0 } ?? ""),
            "a=rtpmap:\(chosen.pt) \(rtpmapText(chosen.name))",
        ]
        if chosen.name.hasPrefix("opus") {
            lines.append("a=fmtp:\(chosen.pt) minptime=10;useinbandfec=1;maxaveragebitrate=48000")
        }
        if let dtmf {
            lines.append("a=rtpmap:\(dtmf) telephone-event/\(clock)")
            lines.append("a=fmtp:\(dtmf) 0-16")
        }
        lines.append("a=sendrecv")
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// The rtpmap text of a lower-cased codec name: `opus/48000/2`, `PCMU/8000`, `PCMA/8000`.
    private static func rtpmapText(_ name: String) -> String {
        switch name {
        case "pcmu/8000": "PCMU/8000"
        case "pcma/8000": "PCMA/8000"
        case "opus/48000": "opus/48000/2"
        default: name
        }
    }
}

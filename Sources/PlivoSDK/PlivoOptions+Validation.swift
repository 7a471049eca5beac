/// The strict checks of ``PlivoOptions``: ranges, non-empty lists and well-formed server URLs.
extension PlivoOptions {
    /// These options, when every number is in its range and every list is usable; otherwise
    /// the first problem, checked in this order: `maxAverageBitrate`,
    /// `refreshRegistrationTimer`, `dtmfOptions`, `audioConstraints`, `servers`, `stunServers`.
    public func validated() throws(PlivoOptionsError) -> PlivoOptions {
        try Self.check("maxAverageBitrate", maxAverageBitrate, in: Self.maxAverageBitrateRange)
        try Self.check("refreshRegistrationTimer", refreshRegistrationTimer, in: Self.refreshRegistrationTimerRange)
        guard !dtmfOptions.sendDtmfType.isEmpty else { throw .noDTMFType }
        if let rate = audioConstraints.sampleRate {
            try Self.check("audioConstraints.sampleRate", rate, in: AudioConstraints.sampleRateRange)
        }
        if let channels = audioConstraints.channelCount {
            try Self.check("audioConstraints.channelCount", channels, in: AudioConstraints.channelCountRange)
        }
        guard !servers.isEmpty else { throw .noServers }
        for server in servers {
            if let reason = Self.serverProblem(server) { throw .invalidServer(server, reason: reason) }
        }
        for server in stunServers ?? [] {
            if let reason = Self.stunServerProblem(server) { throw .invalidStunServer(server, reason: reason) }
        }
        return self
    }

    private static func check(_ option: String, _ value: Int, in range: ClosedRange<Int>) throws(PlivoOptionsError) {
        guard range.contains(value) else { throw .outOfRange(option: option, value: value, allowed: range) }
    }

    /// What is wrong with a signalling server URL (`ws://` or `wss://`, a host, an optional
    /// port, path and query); nil when nothing is.
    static func serverProblem(_ url: String) -> String? {
        guard !url.contains(where: { $0.isWhitespace }) else { return "white space in the URL" }
        guard let separator = url.firstRange(of: "://"),
              ["ws", "wss"].contains(url[..<separator.lowerBound].lowercased()) else {
            return "not a ws:// or wss:// URL"
        }
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else { return "user information is not supported" }
        return hostAndPortProblem(authority)
    }

    /// What is wrong with a STUN URI (RFC 7064: `stun:` or `stuns:`, a host, an optional
    /// port); nil when nothing is.
    static func stunServerProblem(_ uri: String) -> String? {
        guard !uri.contains(where: { $0.isWhitespace }) else { return "white space in the URI" }
        guard let colon = uri.firstIndex(of: ":"), ["stun", "stuns"].contains(uri[..<colon].lowercased()) else {
            return "not a stun: or stuns: URI"
        }
        let authority = uri[uri.index(after: colon)...]
        guard !authority.contains(where: { "/?#@".contains($0) }) else { return "a STUN URI is only a host and a port" }
        return hostAndPortProblem(authority)
    }

    /// What is wrong with `host[:port]` or `[v6]:port`; nil when nothing is.
    private static func hostAndPortProblem(_ authority: Substring) -> String? {
        var host = authority
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return "unclosed IPv6 address" }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return "text after the IPv6 address" }
                port = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { return "no host" }
        if let port {
            guard port.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(port), (1...65_535).contains(value) else {
                return "invalid port \"\(port)\""
            }
        }
        return nil
    }
}

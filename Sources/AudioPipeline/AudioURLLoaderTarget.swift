import StackCore

/// An `http://` or `https://` URL taken apart for one request (RFC 3986 §3, RFC 9110 §4.2):
/// host, port, and the request target (path and query, percent-encoded where needed).
/// The fragment is dropped; user information is refused (credentials are never sent).
struct AudioURLLoaderTarget: Sendable, Hashable {
    /// Whether the scheme is `https`.
    var isSecure: Bool
    /// The host: a name, an IPv4 address, or an IPv6 address without its brackets.
    var host: String
    /// The port: the URL's, else 80 or 443.
    var port: Int
    /// The request target: an absolute path starting with `/`, with the query if any.
    var path: String

    /// The URL as requested, for messages and for resolving redirects.
    var url: String {
        "\(isSecure ? "https" : "http")://\(authority)\(path)"
    }

    /// The value of the Host header: the host (IPv6 in brackets) and the port unless default.
    var authority: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// Whether the host is an IP address literal (never sent in SNI, RFC 6066 §3).
    var hostIsIPAddress: Bool {
        host.contains(":") || (!host.isEmpty && host.allSatisfy { $0.isNumber || $0 == "." } && host.contains("."))
    }

    /// Parses an absolute `http` or `https` URL.
    init(parsing text: String) throws(AudioURLLoaderError) {
        guard let colon = text.firstIndex(of: ":") else { throw .invalidURL(text, reason: "no scheme") }
        let scheme = text[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(String(text[..<colon])) }
        var rest = text[text.index(after: colon)...]
        guard rest.hasPrefix("//") else { throw .invalidURL(text, reason: "no host after \(scheme):") }
        rest = rest.dropFirst(2)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty || target.hasPrefix("?") { target = "/" + target }
        guard !authority.contains("@") else {
            throw .invalidURL(text, reason: "user information in URLs is not supported")
        }
        let (host, port) = try Self.hostAndPort(authority, defaultPort: scheme == "https" ? 443 : 80, url: text)
        isSecure = scheme == "https"
        self.host = host
        self.port = port
        path = try Self.encodedTarget(Self.removingDotSegments(target), url: text)
    }

    /// The URL a `Location` value points to, resolved against this one (RFC 3986 §5.2): an
    /// absolute URL, a network-path (`//host/…`), an absolute path or a relative reference.
    /// A scheme other than http/https is ``AudioURLLoaderError/unsupportedScheme(_:)``.
    func resolving(_ location: String) throws(AudioURLLoaderError) -> AudioURLLoaderTarget {
        let reference = location.trimmingWhitespace()
        if AudioURLLoader.scheme(of: reference) != nil {
            return try AudioURLLoaderTarget(parsing: reference)
        }
        let scheme = isSecure ? "https" : "http"
        if reference.hasPrefix("//") {
            return try AudioURLLoaderTarget(parsing: "\(scheme):\(reference)")
        }
        let base = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let merged: String
        if reference.hasPrefix("/") {
            merged = reference
        } else if reference.isEmpty || reference.hasPrefix("#") {
            merged = path
        } else if reference.hasPrefix("?") {
            merged = base + reference
        } else {
            let directory = base[...(base.lastIndex(of: "/") ?? base.startIndex)]
            merged = String(directory) + reference
        }
        return try AudioURLLoaderTarget(parsing: "\(scheme)://\(authority)\(merged)")
    }

    /// Splits `host[:port]` or `[v6]:port`.
    private static func hostAndPort(_ authority: Substring, defaultPort: Int, url: String) throws(AudioURLLoaderError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidURL(url, reason: "unclosed IPv6 address") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL(url, reason: "text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw .invalidURL(url, reason: "no host") }
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:%".contains($0)) }) else {
            throw .invalidURL(url, reason: "invalid host \"\(host)\"")
        }
        var port = defaultPort
        if let portText, !portText.isEmpty {
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(portText), (1...65_535).contains(value) else {
                throw .invalidURL(url, reason: "invalid port \"\(portText)\"")
            }
            port = value
        }
        return (String(host), port)
    }

    /// The request target with spaces and non-ASCII characters percent-encoded (UTF-8);
    /// control characters are refused.
    private static func encodedTarget(_ target: String, url: String) throws(AudioURLLoaderError) -> String {
        let hex = Array("0123456789ABCDEF")
        var encoded = ""
        for byte in target.utf8 {
            if byte < 0x20 || byte == 0x7F { throw .invalidURL(url, reason: "control character in the path") }
            if byte == 0x20 || byte >= 0x80 || byte == 0x22 || byte == 0x3C || byte == 0x3E {
                encoded.append("%")
                encoded.append(hex[Int(byte >> 4)])
                encoded.append(hex[Int(byte & 0x0F)])
            } else {
                encoded.append(Character(Unicode.Scalar(byte)))
            }
        }
        return encoded
    }

    /// The path with `.` and `..` segments removed (RFC 3986 §5.2.4); the query is kept as is.
    static func removingDotSegments(_ target: String) -> String {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts[0]
        guard path.contains(".") else { return target }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        let cleaned = "/" + output.joined(separator: "/")
        return parts.count > 1 ? cleaned + "?" + parts[1] : cleaned
    }
}

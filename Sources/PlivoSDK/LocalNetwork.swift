#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two socket look-ups `plivo-phone` needs before it opens a UDP or TCP transport (the
/// transports take IP literals only; RFC 3263 resolution is not in the stack yet).
package enum LocalNetwork {
    /// A failed look-up.
    package struct LookupError: Error, CustomStringConvertible {
        /// What failed.
        package var description: String
    }

    /// The first address `host` resolves to (A or AAAA through `getaddrinfo`), as an IP literal;
    /// an IP literal is returned as it is.
    package static func resolve(_ host: String) throws(LookupError) -> String {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            throw LookupError(description: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        guard let address = first.pointee.ai_addr, let text = numericHost(address, length: first.pointee.ai_addrlen) else {
            throw LookupError(description: "cannot resolve \(host)")
        }
        return text
    }

    /// The local IP address the system would send from toward `host` (an IP literal) and `port`:
    /// a UDP socket is connected (no packet is sent) and asked for its name.
    package static func localAddress(toward host: String, port: Int) throws(LookupError) -> String {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list, let target = first.pointee.ai_addr else {
            throw LookupError(description: "\(host) is not an IP address")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw LookupError(description: "socket() failed: errno \(errno)") }
        defer { close(fd) }
        guard connect(fd, target, first.pointee.ai_addrlen) == 0 else {
            throw LookupError(description: "no route to \(host): errno \(errno)")
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw LookupError(description: "getsockname() failed: errno \(errno)") }
        let text = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { numericHost($0, length: length) }
        }
        guard let text else { throw LookupError(description: "no local address toward \(host)") }
        return text
    }

    /// The IP addresses of the interfaces that are up and not loopback: IPv4, and IPv6 other
    /// than link-local (`fe80::/10` needs a zone a candidate cannot carry); in interface order.
    package static func interfaceAddresses() -> [String] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            let flags = Int32(entry.pointee.ifa_flags)
            guard flags & Int32(IFF_UP) != 0, flags & Int32(IFF_LOOPBACK) == 0,
                  let address = entry.pointee.ifa_addr else { continue }
            let family = Int32(address.pointee.sa_family)
            let length = socklen_t(family == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
            guard family == AF_INET || family == AF_INET6, let text = numericHost(address, length: length),
                  !text.lowercased().hasPrefix("fe80"), !addresses.contains(text) else { continue }
            addresses.append(text)
        }
        return addresses
    }

    /// The numeric host of a socket address (`getnameinfo` with `NI_NUMERICHOST`).
    private static func numericHost(_ address: UnsafePointer<sockaddr>, length: socklen_t) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else { return nil }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // A scoped IPv6 literal (`fe80::1%eth0`) is not valid in a SIP URI; drop the zone.
        return text.split(separator: "%", maxSplits: 1).first.map(String.init)
    }

    /// A STUN server given as `HOST:PORT`, `stun:HOST:PORT`, `[IPv6]:PORT` or `HOST` (port 3478),
    /// the name resolved: its IP literal and port.
    package static func stunServer(_ text: String) throws(LookupError) -> (host: String, port: Int) {
        var rest = Substring(text)
        if rest.lowercased().hasPrefix("stun:") { rest = rest.dropFirst(5) }
        let host: Substring, portText: Substring
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            guard after.hasPrefix(":") else { throw LookupError(description: "expected [IPv6]:PORT") }
            portText = after.dropFirst()
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
            portText = "3478"
        }
        guard let port = Int(portText), (1...65_535).contains(port), !host.isEmpty else {
            throw LookupError(description: "expected HOST:PORT")
        }
        guard let address = try? resolve(String(host)) else { throw LookupError(description: "cannot resolve \(host)") }
        return (address, port)
    }
}

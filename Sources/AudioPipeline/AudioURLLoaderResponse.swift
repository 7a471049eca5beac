/// What ``AudioURLLoader/send(_:)`` got back: the final response's status, header fields and
/// body, and the URL that gave it (after redirects).
public struct AudioURLLoaderResponse: Sendable {
    /// The status code, e.g. 200 or 500.
    public var status: Int
    /// The header fields, in the order received.
    public var headers: [(name: String, value: String)]
    /// The body (at most the loader's ``AudioURLLoader/maximumSize`` bytes).
    public var body: [UInt8]
    /// The URL of the request that got this response: the request's, or the last redirect's.
    public var url: String

    /// A response with these parts.
    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8], url: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// The value of the first header field named `name` (ignoring case); nil when there is none.
    public func value(forHeader name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

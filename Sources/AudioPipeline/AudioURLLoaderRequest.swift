/// One HTTP request for ``AudioURLLoader/send(_:)``: a method, an `http` or `https` URL, header
/// fields and a body.
public struct AudioURLLoaderRequest: Sendable {
    /// The method, an HTTP token such as `GET`, `POST` or `PUT` (RFC 9110 §9), sent as given.
    public var method: String
    /// The absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields, sent in order. `Host`, `Content-Length`, `Transfer-Encoding` and
    /// `Connection` are the loader's own (the caller's are left out); `User-Agent` and
    /// `Accept` get a default when not given.
    public var headers: [(name: String, value: String)]
    /// The body; sent with a `Content-Length` when not empty, and for `POST`, `PUT` and `PATCH`.
    public var body: [UInt8]

    /// A request for `method` on `url` with `headers` and `body`.
    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

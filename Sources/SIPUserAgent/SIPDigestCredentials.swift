/// A user name and password to answer Digest challenges with (RFC 7616 §3.4, RFC 3261 §22.1).
///
/// The password never leaves this value except as input to the hash; `description` omits it.
public struct SIPDigestCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The user name (unhashed; RFC 7616 §3.4.4 hashes it when the server asks).
    public var username: String
    /// The shared secret.
    public var password: String

    /// Creates credentials.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The user name only: passwords stay out of logs.
    public var description: String { "SIPDigestCredentials(username: \(username))" }
}

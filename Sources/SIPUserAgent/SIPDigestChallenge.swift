import SIPCore

/// A Digest challenge from a WWW-Authenticate (401) or Proxy-Authenticate (407) field
/// (RFC 7616 §3.3, RFC 3261 §22.1–§22.3, RFC 8760 §2.2).
public struct SIPDigestChallenge: Sendable, Hashable {
    /// Who challenged, which decides the credentials' header (RFC 3261 §22.2, §22.3).
    public enum Origin: Sendable, Hashable {
        /// A UAS or registrar: `WWW-Authenticate` in a 401, answered with `Authorization`.
        case server
        /// A proxy: `Proxy-Authenticate` in a 407, answered with `Proxy-Authorization`.
        case proxy

        /// The header that carries the answer (RFC 3261 §20.7, §20.28).
        public var authorizationHeader: String {
            switch self {
            case .server: "Authorization"
            case .proxy: "Proxy-Authorization"
            }
        }
    }

    /// How to choose among several challenges for one realm (RFC 8760 §2.4).
    public enum Preference: Sendable, Hashable {
        /// The strongest supported algorithm (SHA-512-256, then SHA-256, then MD5); ties go to
        /// the topmost. This is the local policy RFC 8760 §2.4 allows.
        case strongest
        /// The topmost challenge whose algorithm this stack supports (RFC 8760 §2.4 default).
        case topmost
    }

    /// Who challenged.
    public var origin: Origin
    /// The protection space (RFC 7616 §3.3), unquoted.
    public var realm: String
    /// The server nonce, unquoted.
    public var nonce: String
    /// The opaque value to echo unchanged, when present.
    public var opaque: String?
    /// Whether the previous credentials were right but the nonce had expired (RFC 7616 §3.3).
    public var stale: Bool
    /// The algorithm; `.md5` when the parameter is absent (RFC 7616 §3.3).
    public var algorithm: SIPDigestAlgorithm
    /// The offered qop values in order; empty for an RFC 2069 challenge.
    public var qop: [SIPDigestQOP]
    /// The URIs of the protection space (`domain`, space-separated), in order.
    public var domain: [String]
    /// Whether the server asks for a hashed username (RFC 7616 §3.4.4).
    public var userhash: Bool

    /// Creates a challenge from its parts.
    public init(origin: Origin = .server, realm: String, nonce: String, opaque: String? = nil, stale: Bool = false,
                algorithm: SIPDigestAlgorithm = .md5, qop: [SIPDigestQOP] = [], domain: [String] = [],
                userhash: Bool = false) {
        self.origin = origin
        self.realm = realm
        self.nonce = nonce
        self.opaque = opaque
        self.stale = stale
        self.algorithm = algorithm
        self.qop = qop
        self.domain = domain
        self.userhash = userhash
    }

    /// Reads a Digest challenge (RFC 7616 §3.3); unknown auth-params are ignored.
    ///
    /// Throws `.notDigest` for another scheme, `.missingRealm` / `.missingNonce`,
    /// `.duplicateParameter`, or `.invalidParameter` for a flag without value or a bad
    /// `stale` / `userhash`.
    public init(_ field: SIPAuthField, origin: Origin = .server) throws(SIPDigestError) {
        guard field.scheme.lowercased() == "digest" else { throw .notDigest(scheme: field.scheme) }
        var values: [String: String] = [:]
        for parameter in field.parameters {
            let name = parameter.name.lowercased()
            guard Self.known.contains(name) else { continue }
            guard values[name] == nil else { throw .duplicateParameter(parameter.name) }
            guard let value = parameter.unquotedValue else { throw .invalidParameter(name: parameter.name, value: "") }
            values[name] = value
        }
        guard let realm = values["realm"] else { throw .missingRealm }
        guard let nonce = values["nonce"], !nonce.isEmpty else { throw .missingNonce }
        self.init(origin: origin, realm: realm, nonce: nonce, opaque: values["opaque"],
                  stale: try Self.flag("stale", values["stale"]),
                  algorithm: values["algorithm"].map(SIPDigestAlgorithm.init(token:)) ?? .md5,
                  qop: values["qop"].map(SIPDigestQOP.list) ?? [],
                  domain: values["domain"].map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) } ?? [],
                  userhash: try Self.flag("userhash", values["userhash"]))
    }

    /// Every Digest challenge of a 401 or 407, in order: WWW-Authenticate fields (`.server`)
    /// then Proxy-Authenticate fields (`.proxy`). Other schemes are skipped; a malformed
    /// Digest challenge is returned as its error, so one bad field does not hide the others.
    public static func all(in response: SIPMessage) throws(SIPDigestError) -> [Result<SIPDigestChallenge, SIPDigestError>] {
        var result: [Result<SIPDigestChallenge, SIPDigestError>] = []
        for (header, origin) in [(SIPTypedHeader<SIPAuthField>.wwwAuthenticate, Origin.server), (.proxyAuthenticate, .proxy)] {
            let fields: [SIPAuthField]
            do throws(SIPParseError) { fields = try response.parsed(header) } catch { throw .malformedHeader(error) }
            for field in fields where field.scheme.lowercased() == "digest" {
                do throws(SIPDigestError) {
                    result.append(.success(try SIPDigestChallenge(field, origin: origin)))
                } catch {
                    result.append(.failure(error))
                }
            }
        }
        return result
    }

    /// The challenges to answer: one per origin and realm, the preferred supported one of each
    /// (RFC 3261 §22.3: answer every realm; RFC 8760 §2.4: pick among algorithms), in the order
    /// their realms first appear.
    ///
    /// Throws the first problem found when no challenge can be answered (`.noChallenge` when
    /// the response has no Digest challenge at all).
    public static func select(from response: SIPMessage,
                              preference: Preference = .strongest) throws(SIPDigestError) -> [SIPDigestChallenge] {
        var chosen: [SIPDigestChallenge] = []
        var firstError: SIPDigestError?
        for candidate in try all(in: response) {
            let challenge: SIPDigestChallenge
            switch candidate {
            case .success(let value): challenge = value
            case .failure(let error): firstError = firstError ?? error; continue
            }
            guard challenge.algorithm.isSupported else {
                firstError = firstError ?? .unsupportedAlgorithm(challenge.algorithm.token)
                continue
            }
            if let index = chosen.firstIndex(where: { $0.origin == challenge.origin && $0.realm == challenge.realm }) {
                if preference == .strongest, challenge.algorithm.strength > chosen[index].algorithm.strength {
                    chosen[index] = challenge
                }
            } else {
                chosen.append(challenge)
            }
        }
        if chosen.isEmpty { throw firstError ?? .noChallenge }
        return chosen
    }

    private static let known: Set<String> = ["realm", "nonce", "opaque", "stale", "algorithm", "qop", "domain", "userhash"]

    private static func flag(_ name: String, _ value: String?) throws(SIPDigestError) -> Bool {
        guard let value else { return false }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalidParameter(name: name, value: value)
        }
    }
}

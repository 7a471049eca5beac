import COpenSSL

/// The hash functions allowed for certificate fingerprints (RFC 8122 §5, IANA "Hash Function
/// Textual Names"), mapped to OpenSSL digests.
enum DTLSDigest {
    /// The OpenSSL digest for a lower-case SDP hash name, or nil for names we do not support
    /// (md2 and md5 are deliberately absent: RFC 8122 §5 forbids them).
    static func messageDigest(for algorithm: String) -> OpaquePointer? {
        switch algorithm {
        case "sha-1": EVP_sha1()
        case "sha-224": EVP_sha224()
        case "sha-256": EVP_sha256()
        case "sha-384": EVP_sha384()
        case "sha-512": EVP_sha512()
        default: nil
        }
    }

    /// The digest length in bytes for a lower-case SDP hash name, or nil when unknown.
    static func length(of algorithm: String) -> Int? {
        switch algorithm {
        case "sha-1": 20
        case "sha-224": 28
        case "sha-256": 32
        case "sha-384": 48
        case "sha-512": 64
        default: nil
        }
    }

    /// The fingerprint of `certificate` (an `X509*`) with `algorithm`, or nil when the
    /// algorithm is unsupported or OpenSSL fails.
    static func fingerprint(of certificate: OpaquePointer, algorithm: String) -> DTLSFingerprint? {
        let name = algorithm.lowercased()
        guard let digest = messageDigest(for: name) else { return nil }
        var buffer = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = buffer.withUnsafeMutableBufferPointer { out in
            X509_digest(certificate, digest, out.baseAddress, &length)
        }
        guard ok == 1, Int(length) <= buffer.count else { return nil }
        return DTLSFingerprint(algorithm: name, bytes: Array(buffer.prefix(Int(length))))
    }

    /// Checks `certificate` against the expected fingerprints (RFC 8122 §5: a match on any one
    /// is enough) and returns the matching fingerprint, or the mismatch error.
    static func match(_ certificate: OpaquePointer, against expected: [DTLSFingerprint])
        -> Result<DTLSFingerprint, DTLSError>
    {
        var firstComputed: DTLSFingerprint?
        for candidate in expected {
            guard let actual = fingerprint(of: certificate, algorithm: candidate.algorithm) else { continue }
            if actual.bytes == candidate.bytes { return .success(actual) }
            if firstComputed == nil { firstComputed = actual }
        }
        let actual = firstComputed ?? fingerprint(of: certificate, algorithm: "sha-256")
        return .failure(.fingerprintMismatch(expected: expected.map(\.description),
                                             actual: actual?.description ?? "unknown"))
    }
}

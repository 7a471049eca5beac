import COpenSSL

/// A self-signed certificate and its private key for DTLS-SRTP (RFC 5763 §5: endpoints use
/// self-signed certificates and authenticate them by the SDP fingerprint, RFC 8122).
///
/// Immutable after creation; OpenSSL only reference-counts the key and certificate when a
/// connection uses them, so one certificate may be shared by connections on any thread.
public final class DTLSCertificate: @unchecked Sendable {
    /// The sha-256 fingerprint of the DER certificate, for `a=fingerprint` (RFC 8122 §5).
    public let fingerprint: DTLSFingerprint
    /// The DER encoding of the certificate.
    public let der: [UInt8]
    /// `X509*`, freed in deinit.
    let certificate: OpaquePointer
    /// `EVP_PKEY*`, freed in deinit.
    let privateKey: OpaquePointer

    private init(certificate: OpaquePointer, privateKey: OpaquePointer, der: [UInt8], fingerprint: DTLSFingerprint) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.der = der
        self.fingerprint = fingerprint
    }

    deinit {
        X509_free(certificate)
        EVP_PKEY_free(privateKey)
    }

    /// Generates an ECDSA P-256 key and a self-signed X.509 v3 certificate for it, signed with
    /// SHA-256, valid from one hour ago for 30 days, with a random 63-bit serial number
    /// (the WebRTC convention, RFC 8827 §6.5).
    public static func generate(commonName: String = "plivo-swift") throws(DTLSError) -> DTLSCertificate {
        DTLSOpenSSL.clearErrors()
        let key = try DTLSOpenSSL.check(copenssl_EVP_EC_gen("P-256"), "EVP_EC_gen")
        guard let x509 = X509_new() else {
            EVP_PKEY_free(key)
            throw .openSSL(call: "X509_new", detail: DTLSOpenSSL.drainErrors())
        }
        do {
            try fill(x509, key: key, commonName: commonName)
            let der = try encode(x509)
            let fingerprint = try DTLSOpenSSL.check(DTLSDigest.fingerprint(of: x509, algorithm: "sha-256"),
                                                    "X509_digest")
            return DTLSCertificate(certificate: x509, privateKey: key, der: der, fingerprint: fingerprint)
        } catch {
            X509_free(x509)
            EVP_PKEY_free(key)
            throw error
        }
    }

    /// The fingerprint with another hash ("sha-1", "sha-384", "sha-512", …), or nil when the
    /// hash is not one RFC 8122 allows.
    public func fingerprint(algorithm: String) -> DTLSFingerprint? {
        DTLSDigest.fingerprint(of: certificate, algorithm: algorithm)
    }

    /// The DER encoding of `x509`.
    private static func encode(_ x509: OpaquePointer) throws(DTLSError) -> [UInt8] {
        let length = i2d_X509(x509, nil)
        try DTLSOpenSSL.check(length > 0, "i2d_X509")
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_X509(x509, &cursor)
        }
        try DTLSOpenSSL.check(written == length, "i2d_X509")
        return der
    }

    /// Sets version, serial, validity, names and public key, and signs.
    private static func fill(_ x509: OpaquePointer, key: OpaquePointer, commonName: String) throws(DTLSError) {
        try DTLSOpenSSL.check(X509_set_version(x509, 2) == 1, "X509_set_version")
        var serial: UInt64 = 0
        let random = withUnsafeMutableBytes(of: &serial) { bytes in
            RAND_bytes(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(bytes.count))
        }
        try DTLSOpenSSL.check(random == 1, "RAND_bytes")
        serial = max(serial >> 1, 1)
        try DTLSOpenSSL.check(ASN1_INTEGER_set_uint64(X509_get_serialNumber(x509), serial) == 1,
                              "ASN1_INTEGER_set_uint64")
        _ = try DTLSOpenSSL.check(X509_gmtime_adj(X509_getm_notBefore(x509), -3600), "X509_gmtime_adj(notBefore)")
        _ = try DTLSOpenSSL.check(X509_gmtime_adj(X509_getm_notAfter(x509), 30 * 86_400), "X509_gmtime_adj(notAfter)")
        try DTLSOpenSSL.check(X509_set_pubkey(x509, key) == 1, "X509_set_pubkey")
        let name = try DTLSOpenSSL.check(X509_get_subject_name(x509), "X509_get_subject_name")
        let utf8 = Array(commonName.utf8)
        let added = utf8.withUnsafeBufferPointer { bytes in
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, bytes.baseAddress, Int32(bytes.count), -1, 0)
        }
        try DTLSOpenSSL.check(added == 1, "X509_NAME_add_entry_by_txt")
        try DTLSOpenSSL.check(X509_set_issuer_name(x509, name) == 1, "X509_set_issuer_name")
        try DTLSOpenSSL.check(X509_sign(x509, key, EVP_sha256()) > 0, "X509_sign")
    }
}

// System OpenSSL (Debian libssl-dev) for the DTLS module only. The static inline functions
// wrap macros Swift cannot call. Never import this next to CNIOBoringSSL/CCryptoBoringSSL.
#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/srtp.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/opensslv.h>
#include <sys/time.h>
static inline long copenssl_SSL_set_mtu(SSL *s, long mtu) { return SSL_set_mtu(s, mtu); }
static inline long copenssl_SSL_CTX_set_mode(SSL_CTX *c, long m) { return SSL_CTX_set_mode(c, m); }
static inline long copenssl_SSL_CTX_set_read_ahead(SSL_CTX *c, long on) { return SSL_CTX_set_read_ahead(c, on); }
static inline long copenssl_SSL_CTX_set1_groups_list(SSL_CTX *c, const char *l) { return SSL_CTX_set1_groups_list(c, l); }
static inline long copenssl_SSL_CTX_set_min_proto_version(SSL_CTX *c, int v) { return SSL_CTX_set_min_proto_version(c, v); }
static inline long copenssl_DTLSv1_get_timeout(SSL *s, struct timeval *tv) { return DTLSv1_get_timeout(s, tv); }
static inline long copenssl_DTLSv1_handle_timeout(SSL *s) { return DTLSv1_handle_timeout(s); }
static inline void copenssl_OPENSSL_free(void *p) { OPENSSL_free(p); }
static inline uint64_t copenssl_SSL_OP_NO_QUERY_MTU(void) { return SSL_OP_NO_QUERY_MTU; }
static inline uint64_t copenssl_SSL_OP_NO_TICKET(void) { return SSL_OP_NO_TICKET; }
static inline uint64_t copenssl_SSL_OP_NO_RENEGOTIATION(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline long copenssl_SSL_CTX_set_session_cache_mode(SSL_CTX *c, long m) { return SSL_CTX_set_session_cache_mode(c, m); }
static inline long copenssl_SSL_CTX_sess_cache_off(void) { return SSL_SESS_CACHE_OFF; }
static inline EVP_PKEY *copenssl_EVP_EC_gen(const char *curve) { return EVP_EC_gen(curve); }
static inline void copenssl_BIO_set_retry_read(BIO *b) { BIO_set_retry_read(b); }
static inline void copenssl_BIO_clear_retry_flags(BIO *b) { BIO_clear_retry_flags(b); }
static inline long copenssl_SSL_MODE_RELEASE_BUFFERS(void) { return SSL_MODE_RELEASE_BUFFERS; }
#endif

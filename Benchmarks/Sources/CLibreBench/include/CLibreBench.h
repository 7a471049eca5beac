// The STUN peer of the benchmarks: libre's STUN codec (Debian libre-dev, the library baresip is
// built on). Only this header is visible to Swift; libre's headers are included by the .c file.
#ifndef CLIBREBENCH_H
#define CLIBREBENCH_H
#include <stddef.h>
#include <stdint.h>

/// Encodes `iterations` ICE connectivity checks (Binding request with USERNAME, PRIORITY,
/// ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY keyed with `key`, FINGERPRINT); returns
/// the total number of bytes written (a sink for the optimizer), or -1 on an error. The last
/// encoded message is copied into `out` (capacity `outCapacity`) and its length stored in `outLength`.
long libre_stun_encode_checks(int iterations, const char *username, const uint8_t *key, size_t keyLength,
                              uint8_t *out, size_t outCapacity, size_t *outLength);

/// Decodes `bytes` `iterations` times and checks MESSAGE-INTEGRITY (key `key`) and FINGERPRINT
/// each time; returns how many passed both checks, or -1 on an error.
long libre_stun_decode_verify(int iterations, const uint8_t *bytes, size_t length, const uint8_t *key,
                              size_t keyLength);

#endif

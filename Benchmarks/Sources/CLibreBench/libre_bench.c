// libre's STUN codec driven in a loop for the benchmarks (see include/CLibreBench.h).
#include <string.h>
#include <stdbool.h>
#include <stdint.h>
#include <inttypes.h>
#define HAVE_INTTYPES_H 1
#include <re.h>
#include "CLibreBench.h"

long libre_stun_encode_checks(int iterations, const char *username, const uint8_t *key, size_t keyLength,
                              uint8_t *out, size_t outCapacity, size_t *outLength) {
    struct mbuf *mb = mbuf_alloc(256);
    if (!mb) return -1;
    uint8_t tid[STUN_TID_SIZE] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    uint32_t priority = 1862270975u;
    uint64_t tieBreaker = 0x0102030405060708ull;
    bool useCandidate = true;
    long total = 0;
    for (int i = 0; i < iterations; i++) {
        mb->pos = 0;
        mb->end = 0;
        tid[0] = (uint8_t)i;
        int err = stun_msg_encode(mb, STUN_METHOD_BINDING, STUN_CLASS_REQUEST, tid, NULL, key, keyLength, true, 0x00,
                                  4, STUN_ATTR_USERNAME, username, STUN_ATTR_PRIORITY, &priority,
                                  STUN_ATTR_CONTROLLING, &tieBreaker, STUN_ATTR_USE_CAND, &useCandidate);
        if (err) {
            mem_deref(mb);
            return -1;
        }
        total += (long)mb->end;
    }
    if (out && outLength && mb->end <= outCapacity) {
        memcpy(out, mb->buf, mb->end);
        *outLength = mb->end;
    }
    mem_deref(mb);
    return total;
}

long libre_stun_decode_verify(int iterations, const uint8_t *bytes, size_t length, const uint8_t *key,
                              size_t keyLength) {
    // stun_msg_decode keeps a reference to the mbuf, so it must be a libre object.
    struct mbuf *mb = mbuf_alloc(length);
    if (!mb) return -1;
    if (mbuf_write_mem(mb, bytes, length) != 0) {
        mem_deref(mb);
        return -1;
    }
    long passed = 0;
    for (int i = 0; i < iterations; i++) {
        mb->pos = 0;
        struct stun_msg *msg = NULL;
        if (stun_msg_decode(&msg, mb, NULL) != 0) {
            mem_deref(mb);
            return -1;
        }
        if (stun_msg_chk_mi(msg, key, keyLength) == 0 && stun_msg_chk_fingerprint(msg) == 0) passed++;
        mem_deref(msg);
    }
    mem_deref(mb);
    return passed;
}

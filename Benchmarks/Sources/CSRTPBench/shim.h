// libsrtp2 (Debian libsrtp2-dev, NSS crypto backend) called directly by media-bench: the raw
// peer that the SRTP module's SRTPSession is measured against. Bench only.
#ifndef CSRTPBENCH_SHIM_H
#define CSRTPBENCH_SHIM_H
#include <srtp2/srtp.h>
#include <malloc.h>
// glibc heap counters (media-bench's memory-per-call), wrapped so Swift sees one plain function.
static inline size_t csrtpbench_heap_in_use(void) { return mallinfo2().uordblks; }
#endif

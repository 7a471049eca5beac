/*
 * Sofia-SIP side of sip-bench. See include/CSofiaBench.h and Docs/BENCHMARKS.md.
 */
#include "CSofiaBench.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sofia-sip/su_config.h> /* defines SOFIAPUBVAR, needed by sofia_features.h */
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sofia_features.h>
#include <sofia-sip/sdp.h>

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void copy_str(char *dst, size_t cap, const char *src) {
    if (cap == 0) return;
    if (src == NULL) { dst[0] = '\0'; return; }
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* A message counts as parsed when Sofia reports no error and every header an
 * RFC 3261 §8.1.1 request (or response) must carry has been decoded. */
static int mandatory_ok(const msg_t *msg, const sip_t *sip) {
    if (msg == NULL || sip == NULL) return 0;
    if (sip->sip_flags & MSG_FLG_ERROR) return 0;
    if (sip->sip_request == NULL && sip->sip_status == NULL) return 0;
    if (sip->sip_via == NULL || sip->sip_from == NULL || sip->sip_to == NULL) return 0;
    if (sip->sip_cseq == NULL || sip->sip_call_id == NULL) return 0;
    if (sip->sip_call_id->i_id == NULL || sip->sip_cseq->cs_seq == 0) return 0;
    return 1;
}

int sofia_parse_check(const char *text, size_t len, sofia_parse_summary *out) {
    memset(out, 0, sizeof *out);
    msg_t *msg = msg_make(sip_default_mclass(), 0, text, (ssize_t)len);
    if (msg == NULL) return -1;
    sip_t *sip = sip_object(msg);
    out->ok = mandatory_ok(msg, sip);
    if (sip != NULL) {
        out->is_request = sip->sip_request != NULL;
        out->status = sip->sip_status ? sip->sip_status->st_status : 0;
        if (sip->sip_request) copy_str(out->method, sizeof out->method, sip->sip_request->rq_method_name);
        else if (sip->sip_cseq) copy_str(out->method, sizeof out->method, sip->sip_cseq->cs_method_name);
        if (sip->sip_cseq) out->cseq = sip->sip_cseq->cs_seq;
        if (sip->sip_call_id) copy_str(out->call_id, sizeof out->call_id, sip->sip_call_id->i_id);
        if (sip->sip_via) copy_str(out->branch, sizeof out->branch, sip->sip_via->v_branch);
        if (sip->sip_from) copy_str(out->from_tag, sizeof out->from_tag, sip->sip_from->a_tag);
        for (sip_via_t *v = sip->sip_via; v; v = v->v_next) out->via_count++;
        for (sip_error_t *e = sip->sip_error; e; e = e->er_next) out->header_errors++;
        if (sip->sip_payload) out->payload_len = sip->sip_payload->pl_len;
    }
    msg_destroy(msg);
    return out->ok ? 0 : -1;
}

double sofia_parse_ns(const char *text, size_t len, int iterations) {
    if (iterations <= 0) return -1.0;
    msg_mclass_t const *mclass = sip_default_mclass();
    int failures = 0;
    double start = now_ns();
    for (int i = 0; i < iterations; i++) {
        msg_t *msg = msg_make(mclass, 0, text, (ssize_t)len);
        if (!mandatory_ok(msg, sip_object(msg))) failures++;
        msg_destroy(msg);
    }
    double elapsed = now_ns() - start;
    if (failures) return -1.0;
    return elapsed / (double)iterations;
}

double sofia_sdp_parse_ns(const char *text, size_t len, int iterations) {
    if (iterations <= 0) return -1.0;
    int failures = 0;
    double start = now_ns();
    for (int i = 0; i < iterations; i++) {
        sdp_parser_t *parser = sdp_parse(NULL, text, (issize_t)len, 0);
        if (!parser || !sdp_session(parser)) failures++;
        sdp_parser_free(parser);
    }
    double elapsed = now_ns() - start;
    if (failures) return -1.0;
    return elapsed / (double)iterations;
}

const char *sofia_version(void) {
    return SOFIA_SIP_VERSION;
}

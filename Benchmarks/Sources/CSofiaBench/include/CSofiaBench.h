#ifndef CSOFIABENCH_H
#define CSOFIABENCH_H

/*
 * Thin C wrapper around Sofia-SIP's message parser (libsofia-sip-ua), used by
 * sip-bench as the comparison peer. The Sofia headers are included only by the
 * .c file, so Swift sees nothing but the functions below.
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Result of one check parse; see sofia_parse_check().
typedef struct sofia_parse_summary {
    int ok;                 ///< 1 when the message parsed without MSG_FLG_ERROR and has the mandatory headers
    int is_request;         ///< 1 for a request, 0 for a response
    int status;             ///< status code of a response, 0 for a request
    unsigned cseq;          ///< CSeq sequence number
    int via_count;          ///< number of Via header field values
    int header_errors;      ///< number of headers Sofia put on its error list
    size_t payload_len;     ///< length of the body Sofia extracted
    char method[16];        ///< method name of the request (or of CSeq for a response)
    char call_id[96];       ///< Call-ID value, truncated
    char branch[96];        ///< branch parameter of the top Via, truncated
    char from_tag[64];      ///< From tag, truncated
} sofia_parse_summary;

/// Parses `msg` once with Sofia (msg_make + sip_default_mclass) and fills `out`.
/// Returns 0 when the message parsed completely and has Via, From, To, CSeq and
/// Call-ID; -1 otherwise.
int sofia_parse_check(const char *msg, size_t len, sofia_parse_summary *out);

/// Parses `msg` `iterations` times with Sofia (each time: msg_make, which copies
/// the bytes into a fresh msg_t, extracts and parses every header and the body;
/// a check of the mandatory headers; msg_destroy) and returns the mean wall time
/// per message in nanoseconds, measured with clock_gettime(CLOCK_MONOTONIC).
/// Returns a negative number if any iteration failed to parse.
double sofia_parse_ns(const char *msg, size_t len, int iterations);

/// Parses the SDP `text` `iterations` times with Sofia's SDP parser (sdp_parse with
/// sdp_f_strict off, then sdp_session to get the parsed session, sdp_parser_free) and returns
/// the mean wall time per parse in nanoseconds, or a negative number if a parse failed.
double sofia_sdp_parse_ns(const char *text, size_t len, int iterations);

/// Version string of the Sofia-SIP library the benchmark was compiled against.
const char *sofia_version(void);

#ifdef __cplusplus
}
#endif

#endif /* CSOFIABENCH_H */

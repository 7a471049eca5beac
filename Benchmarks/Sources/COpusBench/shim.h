// libopus (Debian libopus-dev) called directly by media-bench: the raw peer that the
// AudioCodecs module's OpusEncoder/OpusDecoder are measured against. The OPUS_SET_* request
// macros and the variadic ctl calls do not import into Swift, so they are wrapped here (names
// prefixed so they never clash with the stack's own COpus shim). Bench only.
#ifndef COPUSBENCH_SHIM_H
#define COPUSBENCH_SHIM_H
#include <opus/opus.h>
static inline int copusbench_set_bitrate(OpusEncoder *e, opus_int32 bps) { return opus_encoder_ctl(e, OPUS_SET_BITRATE(bps)); }
static inline int copusbench_set_complexity(OpusEncoder *e, opus_int32 c) { return opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(c)); }
static inline int copusbench_set_inband_fec(OpusEncoder *e, opus_int32 on) { return opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(on)); }
static inline int copusbench_set_packet_loss_perc(OpusEncoder *e, opus_int32 p) { return opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(p)); }
static inline int copusbench_set_dtx(OpusEncoder *e, opus_int32 on) { return opus_encoder_ctl(e, OPUS_SET_DTX(on)); }
static inline int copusbench_get_bitrate(OpusEncoder *e, opus_int32 *out) { return opus_encoder_ctl(e, OPUS_GET_BITRATE(out)); }
static inline int copusbench_get_complexity(OpusEncoder *e, opus_int32 *out) { return opus_encoder_ctl(e, OPUS_GET_COMPLEXITY(out)); }
#endif

// libspeexdsp (Debian libspeexdsp-dev): resampler (and, later, the preprocessor).
#ifndef CSPEEXDSP_SHIM_H
#define CSPEEXDSP_SHIM_H
#include <speex/speex_resampler.h>
#include <speex/speex_preprocess.h>
#endif

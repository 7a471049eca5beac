// libspeexdsp (Debian libspeexdsp-dev): resampler, preprocessor and echo canceller.
#ifndef CSPEEXDSP_SHIM_H
#define CSPEEXDSP_SHIM_H
#include <speex/speex_resampler.h>
#include <speex/speex_preprocess.h>
#include <speex/speex_echo.h>
#endif

#ifndef CPULSEAUDIO_SHIM_H
#define CPULSEAUDIO_SHIM_H
#include <pulse/pulseaudio.h>
#endif

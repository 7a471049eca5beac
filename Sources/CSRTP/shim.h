// libsrtp2 (Debian libsrtp2-dev, NSS crypto backend) for the SRTP module only.
#ifndef CSRTP_SHIM_H
#define CSRTP_SHIM_H
#include <srtp2/srtp.h>
#endif

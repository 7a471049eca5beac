// libpcap (Debian libpcap-dev): live capture on an interface with a BPF filter.
#ifndef CPCAP_SHIM_H
#define CPCAP_SHIM_H
#include <pcap/pcap.h>
#endif

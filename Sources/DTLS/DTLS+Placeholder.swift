// DTLS: work in progress (issue 5).

// SRTP: work in progress (issue 5).

// MediaTransport: work in progress (issue 5).

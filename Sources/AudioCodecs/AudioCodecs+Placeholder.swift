// AudioCodecs: work in progress (issue 5).

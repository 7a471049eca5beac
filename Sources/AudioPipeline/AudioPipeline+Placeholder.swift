// AudioPipeline: work in progress (issue 5).

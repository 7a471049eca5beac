import Testing

@Suite struct AudioPipelinePlaceholderTests {}

import Testing

@Suite struct AudioCodecsPlaceholderTests {}

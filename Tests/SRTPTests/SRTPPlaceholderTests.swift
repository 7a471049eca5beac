import Testing

@Suite struct SRTPPlaceholderTests {}

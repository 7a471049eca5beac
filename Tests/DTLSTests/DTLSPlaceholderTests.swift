import Testing

@Suite struct DTLSPlaceholderTests {}

import Testing

@Suite struct MediaTransportPlaceholderTests {}

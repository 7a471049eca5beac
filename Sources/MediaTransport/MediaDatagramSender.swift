/// Where a media engine's outgoing datagrams go: the ICE-selected pair's socket and remote
/// address in the real transport, the other engine in tests. Called on the engine's thread.
public protocol MediaDatagramSender: AnyObject {
    /// Sends one datagram (the bytes are valid only during the call).
    func sendDatagram(_ bytes: UnsafeRawBufferPointer)
}

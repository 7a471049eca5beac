import ICE
import NIOCore

/// Sends a media engine's datagrams on an ICE socket, on that socket's event loop: to the
/// selected pair's remote address, or — before ICE has selected a pair — back to where the
/// peer's first DTLS datagram came from (a DTLS client may start as soon as its own checks
/// succeed, before our agent has seen the nomination). Confined to the event loop.
final class MediaSocketSender: MediaDatagramSender {
    private var socket: ICEUDPSocket?
    private var remote: SocketAddress?
    private var selected = false
    /// Datagrams sent.
    private(set) var sent = 0

    /// The selected pair's local socket and remote address: from now on, only there.
    func select(socket: ICEUDPSocket, remote: SocketAddress) {
        self.socket = socket
        self.remote = remote
        selected = true
    }

    /// A datagram arrived from `source` on `socket`: the reply path until a pair is selected.
    func learn(socket: ICEUDPSocket, source: SocketAddress) {
        guard !selected, remote == nil else { return }
        self.socket = socket
        remote = source
    }

    /// Whether there is somewhere to send.
    var hasPath: Bool { socket != nil && remote != nil }

    func sendDatagram(_ bytes: UnsafeRawBufferPointer) {
        guard let socket, let remote else { return }
        var buffer = socket.makeBuffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        socket.send(buffer, to: remote)
        sent += 1
    }
}

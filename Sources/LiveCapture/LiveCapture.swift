import CPcap
import Glibc

/// Why a live capture could not start.
public struct LiveCaptureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The libpcap call that failed.
    public var call: String
    /// libpcap's message (`lo: You don't have permission to perform this capture…`).
    public var message: String

    public var description: String { "\(call): \(message)" }
}

/// A packet captured live: when, the link type (a pcap LINKTYPE value) and the bytes.
public struct LivePacket: Sendable {
    /// Capture time in nanoseconds since the Unix epoch.
    public var timestamp: Int64
    /// The interface's link type (pcap LINKTYPE, e.g. 1 Ethernet, 113 Linux cooked).
    public var linkType: UInt32
    /// The captured bytes.
    public var bytes: [UInt8]
    /// The packet's length on the wire.
    public var originalLength: Int
}

/// A live capture on one interface through libpcap, with an optional BPF filter: `sip-replay
/// --interface lo --filter 'udp port 5060'`. Needs root or the CAP_NET_RAW capability.
///
/// Owns its `pcap_t` and closes it in `deinit`; not Sendable (one reader thread).
public final class LiveCapture {
    private let handle: OpaquePointer
    /// The interface's link type (pcap LINKTYPE value).
    public let linkType: UInt32
    private let descriptor: Int32

    /// Opens `interface` (snap length `snapLength`, nanosecond timestamps when the system has
    /// them) and applies `filter` (tcpdump's syntax).
    public init(interface: String, filter: String? = nil, snapLength: Int32 = 262_144) throws(LiveCaptureError) {
        var errors = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let handle = pcap_create(interface, &errors) else {
            throw LiveCaptureError(call: "pcap_create",
                                   message: String(decoding: errors.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        self.handle = handle
        _ = pcap_set_snaplen(handle, snapLength)
        _ = pcap_set_timeout(handle, 100)
        _ = pcap_set_immediate_mode(handle, 1)
        _ = pcap_set_tstamp_precision(handle, Int32(PCAP_TSTAMP_PRECISION_NANO))
        let activated = pcap_activate(handle)
        guard activated >= 0 else {
            let message = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw LiveCaptureError(call: "pcap_activate", message: message.isEmpty ? "error \(activated)" : message)
        }
        // On Linux the DLT values libpcap reports are the LINKTYPE values (DLT_RAW 12 is read as raw IP).
        linkType = UInt32(bitPattern: pcap_datalink(handle))
        // Non-blocking reads and poll() on the capture's descriptor: in immediate mode a
        // blocking read would ignore the timeout and wait for the next packet forever.
        _ = pcap_setnonblock(handle, 1, &errors)
        descriptor = pcap_get_selectable_fd(handle)
        if let filter, !filter.isEmpty {
            var program = bpf_program()
            guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
                let message = String(cString: pcap_geterr(handle))
                pcap_close(handle)
                throw LiveCaptureError(call: "pcap_compile", message: message)
            }
            defer { pcap_freecode(&program) }
            guard pcap_setfilter(handle, &program) == 0 else {
                let message = String(cString: pcap_geterr(handle))
                pcap_close(handle)
                throw LiveCaptureError(call: "pcap_setfilter", message: message)
            }
        }
    }

    deinit { pcap_close(handle) }

    /// The next packet, or nil when none came within 100 ms.
    public func next() throws(LiveCaptureError) -> LivePacket? {
        if let packet = try read() { return packet }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard descriptor >= 0, poll(&poller, 1, 100) > 0 else { return nil }
        return try read()
    }

    private func read() throws(LiveCaptureError) -> LivePacket? {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let result = pcap_next_ex(handle, &header, &data)
        switch result {
        case 1:
            guard let header, let data else { return nil }
            let captured = Int(header.pointee.caplen)
            let time = header.pointee.ts
            // With nanosecond precision tv_usec holds nanoseconds.
            return LivePacket(timestamp: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_usec),
                              linkType: linkType, bytes: Array(UnsafeBufferPointer(start: data, count: captured)),
                              originalLength: Int(header.pointee.len))
        case 0:
            return nil
        default:
            throw LiveCaptureError(call: "pcap_next_ex", message: String(cString: pcap_geterr(handle)))
        }
    }
}

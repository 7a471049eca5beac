// libFuzzer target for the capture reader (pcap and pcapng) and the packet decoder (link layers,
// IPv4/IPv6 with fragment reassembly, UDP, TCP): what `sip-replay` reads from a user's file.
//
// Input: the whole buffer is the file, fed to the reader in chunks whose size the first byte
// picks (1 to 256 bytes, or all at once), so every cut between two appends is tried; an odd
// selector feeds arrays through a 7-byte bridge (records cut by a chunk's end completed from the
// next chunk, or joined when longer), an even one feeds slices (the copying path).
//
// Oracle: no trap, no ASan finding; every frame's bytes lie inside what was fed, frame numbers
// grow (a packet block skipped with a warning keeps its number), and a decoded UDP payload is
// never longer than its reassembly limit.
//
// This file must not be called main.swift: libFuzzer provides main().
import CaptureFile
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCapture(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let selector = bytes.first else { return 0 }
    let chunk = selector == 0 ? max(bytes.count, 1) : Int(selector)
    var reader = CaptureFileReader(bridgeLength: 7)
    var decoder = PacketDecoder()
    var last = 0
    var index = 0
    func drain() -> Bool {
        do {
            while let frame = try reader.next() {
                // Numbers count every packet block, also those skipped with a warning: they grow.
                if frame.number <= last { fatalError("frame \(frame.number) after \(last)") }
                last = frame.number
                if frame.bytes.count > bytes.count { fatalError("a frame longer than the file") }
                if case .udp(let datagram)? = decoder.decode(frame), datagram.payload.count > frame.bytes.count + 65_535 {
                    fatalError("a datagram longer than its reassembly limit")
                }
            }
            return true
        } catch {
            return false
        }
    }
    while index < bytes.count {
        let end = min(bytes.count, index + chunk)
        if selector & 1 == 1 {
            reader.append(Array(bytes[index..<end]))
        } else {
            reader.append(bytes[index..<end])
        }
        index = end
        guard drain() else { return 0 }
    }
    reader.finish()
    _ = drain()
    return 0
}

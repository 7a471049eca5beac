import ArgumentParser
import CaptureAnalysis
import CaptureFile
import Foundation
import LiveCapture
import Synchronization

/// Set by SIGINT: the live capture stops and the report is printed.
private let interrupted = Atomic<Bool>(false)

/// `sip-replay --interface IF [--filter BPF] [--duration S] [--write FILE]`: captures live
/// through libpcap and analyses the frames as they come.
struct LiveSession {
    let interface: String
    let filter: String?
    let duration: Double?
    let write: String?

    func run() throws -> CaptureReport {
        let capture: LiveCapture
        do throws(LiveCaptureError) {
            capture = try LiveCapture(interface: interface, filter: filter)
        } catch {
            FileHandle.standardError.write(Data("sip-replay: \(error)\n".utf8))
            throw ExitCode(1)
        }
        signal(SIGINT) { _ in interrupted.store(true, ordering: .relaxed) }
        FileHandle.standardError.write(Data("sip-replay: capturing on \(interface)\(filter.map { " (\($0))" } ?? "")\n".utf8))
        // -w streams to the file (a megabyte at a time), never the whole capture in memory.
        var writer = write.map { _ in CaptureFileWriter(linkType: capture.linkType, nanoseconds: true) }
        var output: FileHandle?
        if let write {
            guard FileManager.default.createFile(atPath: write, contents: nil), let handle = FileHandle(forWritingAtPath: write) else {
                FileHandle.standardError.write(Data("sip-replay: cannot write \(write)\n".utf8))
                throw ExitCode(1)
            }
            output = handle
        }
        defer { try? output?.close() }
        var analyzer = CaptureAnalyzer()
        let deadline = duration.map { ContinuousClock.now + .milliseconds(Int64($0 * 1000)) }
        var number = 0
        while !interrupted.load(ordering: .relaxed) {
            if let deadline, ContinuousClock.now >= deadline { break }
            let packet: LivePacket?
            do throws(LiveCaptureError) {
                packet = try capture.next()
            } catch {
                FileHandle.standardError.write(Data("sip-replay: \(error)\n".utf8))
                break
            }
            guard let packet else { continue }
            number += 1
            writer?.append(frame: packet.bytes, timestamp: packet.timestamp, originalLength: packet.originalLength)
            if let pending = writer?.bytes.count, pending > 1 << 20, let bytes = writer?.drain() { output?.write(Data(bytes)) }
            analyzer.add(CaptureFrame(number: number, timestamp: packet.timestamp, linkType: CaptureLinkType(linkType: packet.linkType),
                                      bytes: packet.bytes[...], originalLength: packet.originalLength))
        }
        if let bytes = writer?.drain() { output?.write(Data(bytes)) }
        do throws(CaptureFileError) {
            return try analyzer.finish()
        } catch {
            throw ExitCode(1)
        }
    }
}

import PlivoSDK
import ArgumentParser
import Foundation
import ICE
import StackCore

/// `ice-gather [--stun HOST:PORT …] [--stun-race] [--interface IP …] [--dscp]`: gathers ICE
/// candidates the way calls do and prints each one with its type, address, the STUN server
/// that produced it and the time it took, then `ice_timeout` when the 2 s cut-off ended
/// gathering (like the browsers' trickle-ICE page). Needs no server or account.
struct ICEGather: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ice-gather",
        abstract: "Gather ICE candidates (host, and server-reflexive from --stun) and print them with their timing.")

    @ParentCommand var phone: PlivoPhone

    @Option(name: .customLong("stun"), help: ArgumentHelp("A STUN server, HOST:PORT or stun:HOST:PORT (repeatable).",
                                                          valueName: "host:port"))
    var stun: [String] = []

    @Flag(name: .customLong("stun-race"),
          help: "The SDK's usePlivoStunServers: end gathering at the first server-reflexive answer.")
    var stunRace = false

    @Option(name: .customLong("interface"), help: ArgumentHelp(
        "A local IP address to gather a host candidate on (repeatable; default: every up, non-loopback interface, else 127.0.0.1).",
        valueName: "ip"))
    var interfaces: [String] = []

    @Flag(name: .long, help: "Mark packets DSCP EF (the SDK's dscp option).")
    var dscp = false

    func validate() throws {
        _ = try ICEGather.servers(stun)
    }

    /// Parses `HOST:PORT`, `stun:HOST:PORT` or `[IPv6]:PORT`, resolving names.
    static func servers(_ texts: [String]) throws -> [ICETransportAddress] {
        try texts.map { text in
            do throws(LocalNetwork.LookupError) {
                let server = try LocalNetwork.stunServer(text)
                return ICETransportAddress(host: server.host, port: server.port)
            } catch {
                throw ValidationError("--stun \(text): \(error.description)")
            }
        }
    }

    func run() async throws {
        let printer = PhoneEventPrinter(json: phone.json)
        let chosen = interfaces.isEmpty ? LocalNetwork.interfaceAddresses() : interfaces
        let agent = ICEAgent(
            role: .controlling,
            configuration: .init(interfaces: chosen.isEmpty ? ["127.0.0.1"] : chosen, stunServers: try Self.servers(stun),
                                 stunRace: stunRace, dscp: dscp, software: "plivo-phone"),
            clock: SystemClock.shared)
        let printing = Task {
            var count = 0
            for await event in agent.events {
                switch event {
                case let .candidate(candidate, server, elapsed):
                    count += 1
                    var payload: [(String, PhoneEventPrinter.Value)] = [
                        ("type", .string(candidate.type.rawValue)), ("transport", .string(candidate.transport)),
                        ("address", .string(candidate.address.host)), ("port", .int(candidate.address.port)),
                        ("priority", .int(Int(candidate.priority))), ("foundation", .string(candidate.foundation)),
                    ]
                    if let related = candidate.relatedAddress {
                        payload += [("relatedAddress", .string(related.host)), ("relatedPort", .int(related.port))]
                    }
                    if let server { payload.append(("server", .string(server.description))) }
                    payload.append(("elapsed_ms", .int(Self.milliseconds(elapsed))))
                    printer.emit("candidate", payload)
                case let .gatheringComplete(timedOut, elapsed):
                    if timedOut {
                        printer.emit("ice_timeout", [("value", .int(Self.milliseconds(ICEGatheringStateMachine.defaultCutoff)))])
                    }
                    printer.emit("gatheringComplete", [("timedOut", .bool(timedOut)),
                                                       ("elapsed_ms", .int(Self.milliseconds(elapsed)))])
                    return count
                case .agent:
                    break
                }
            }
            return count
        }
        do {
            try await agent.gather()
        } catch {
            PhoneEventPrinter.note("gathering failed: \(error)")
            await agent.close()
            printing.cancel()
            throw ExitCode(1)
        }
        let count = await printing.value
        await agent.close()
        if count == 0 { throw ExitCode(1) }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds) * 1000 + Int(duration.components.attoseconds / 1_000_000_000_000_000)
    }
}

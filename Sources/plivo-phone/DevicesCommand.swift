import ArgumentParser
import AudioDevices
import Foundation

/// `devices [--watch S]` (with the global `--json`): lists PulseAudio's sinks and sources, one
/// `audioinput|audiooutput deviceId label` line each (a JSON array with `--json`), then, with
/// `--watch`, prints `audioDeviceChange {change: added|removed, device: {…}}` events for S
/// seconds. The server is libpulse's default (`PULSE_SERVER`, else the user's session daemon;
/// never autospawned). Needs no SIP server or account.
struct Devices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List PulseAudio audio devices; with --watch, print audioDeviceChange events.",
        discussion: """
            Connects to PulseAudio's default server (set PULSE_SERVER, e.g. unix:/run/user/0/pulse/native, \
            to choose one). Sinks are audiooutput, sources audioinput (a sink's monitor is an input). \
            Exit status: 0 listed (and watched), 1 cannot connect or the server went away while watching.
            """)

    @ParentCommand var phone: PlivoPhone

    @Flag(name: .long, help: "Print the list as a JSON array and events as JSON objects.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Then print device changes for this many seconds.", valueName: "seconds"))
    var watch: Double?

    func validate() throws {
        if let watch { _ = try PlivoPhone.seconds(watch, option: "--watch") }
    }

    func run() async throws {
        let useJSON = json || phone.json
        let client: PulseAudioClient
        let devices: [AudioDevice]
        do {
            client = try await PulseAudioClient.connect(server: nil, applicationName: "plivo-phone")
            devices = try await client.devices()
        } catch {
            PhoneEventPrinter.note(error.description)
            throw ExitCode(1)
        }
        if useJSON {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(devices)) ?? Data("[]".utf8)
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            let lines = devices.map { $0.description + "\n" }.joined()
            FileHandle.standardOutput.write(Data(lines.utf8))
        }
        guard let watch else {
            client.close()
            return
        }
        let printer = PhoneEventPrinter(json: useJSON)
        let printing = Task {
            for await change in client.changes { printer.deviceChange(change) }
        }
        let deadline = ContinuousClock.now + (try PlivoPhone.seconds(watch, option: "--watch"))
        while ContinuousClock.now < deadline, client.isConnected {
            try? await Task.sleep(for: min(.milliseconds(100), deadline - ContinuousClock.now))
        }
        let lost = client.terminationError
        client.close()
        await printing.value
        if let lost {
            PhoneEventPrinter.note(lost.description)
            throw ExitCode(1)
        }
    }
}

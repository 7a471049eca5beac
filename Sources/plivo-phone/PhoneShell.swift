import Foundation
import PlivoSDK
import Synchronization

/// Runs `shell` lines against one ``PlivoClient``: each line is one of the seed's methods
/// (`login`, `call`, `answer`, `sendDtmf`, `audio.microphoneDevices.set` …) with its arguments,
/// or one of the shell's own commands (`wait`, `sleep`, `quit`). Each method's result is
/// printed (`call -> true`); every event is printed as it comes.
///
/// A line fails when its method returns false, throws, or cannot be read, and when a `wait`
/// times out; queries (`isRegistered`, `getCallUUID` …) never fail. After a failure the run
/// stops unless `keepGoing`.
final class PhoneShell: Sendable {
    /// What a line did.
    enum Outcome: Sendable, Equatable {
        /// Done; go on.
        case ok
        /// It failed.
        case failed
        /// `quit`: stop reading.
        case quit
    }

    let client: PlivoClient
    let printer: PhoneEventPrinter
    let book = ShellEventBook()
    /// `--user` and `--password`, for `login` without arguments.
    let credentials: (user: String?, password: String?)
    /// How long `wait` waits without its own timeout.
    let waitTimeout: Duration
    /// The tone players `media … play` started, by device role and source, so `stop` finds them.
    let media = MediaPlayers()

    init(client: PlivoClient, printer: PhoneEventPrinter, credentials: (user: String?, password: String?),
         waitTimeout: Duration) {
        self.client = client
        self.printer = printer
        self.credentials = credentials
        self.waitTimeout = waitTimeout
    }

    /// Prints every event (volume ones too when `volume`) and records it for `wait`, until the
    /// client closes.
    func printEvents(volume: Bool) -> Task<Void, Never> {
        let events = client.events(), volumes = volume ? client.volumeEvents() : nil
        let printer = printer, book = book
        return Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in events {
                        printer.emit(event.name.rawValue, event.payloadFields)
                        book.record(event.name)
                    }
                    book.close()
                }
                if let volumes {
                    group.addTask {
                        for await level in volumes {
                            printer.emit(PlivoEventName.volume.rawValue, PlivoEvent.volume(level).payloadFields)
                        }
                    }
                }
            }
        }
    }

    /// Runs `lines` in order; returns whether every line succeeded.
    func run(_ lines: some AsyncSequence<String, Never>, keepGoing: Bool) async -> Bool {
        var allGood = true
        var number = 0
        for await text in lines {
            number += 1
            let line: ShellLine
            do throws(ShellLine.SyntaxError) {
                line = try ShellLine(text)
            } catch {
                PhoneEventPrinter.note("line \(number): \(error)")
                allGood = false
                if keepGoing { continue } else { break }
            }
            guard let command = line.words.first else { continue }
            let outcome: Outcome
            do throws(ShellUsageError) {
                outcome = try await execute(command, await substituted(Array(line.words.dropFirst())))
            } catch {
                PhoneEventPrinter.note("line \(number): \(command): \(error)")
                outcome = .failed
            }
            if outcome == .quit || Task.isCancelled { break }
            if outcome == .failed {
                allGood = false
                if !keepGoing { break }
            }
        }
        return allGood
    }

    /// The words with `{callUUID}` and `{lastCallUUID}` replaced by `getCallUUID()` and
    /// `getLastCallUUID()` (`-` when there is none), so scripts can name calls.
    func substituted(_ words: [String]) async -> [String] {
        var result: [String] = []
        for word in words {
            switch word {
            case "{callUUID}": result.append(await client.getCallUUID() ?? "-")
            case "{lastCallUUID}": result.append(await client.getLastCallUUID() ?? "-")
            default: result.append(word)
            }
        }
        return result
    }

    /// Prints a Bool method's result; false is a failure.
    func report(_ method: String, _ success: Bool) -> Outcome {
        printer.result(method, .bool(success))
        return success ? .ok : .failed
    }

    /// Prints a query's result (never a failure).
    func show(_ method: String, _ value: Any) -> Outcome {
        printer.result(method, PlivoFieldValue(reflecting: value))
        return .ok
    }
}

/// A line whose arguments do not fit its command.
struct ShellUsageError: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The tone players a shell started, by key.
final class MediaPlayers: Sendable {
    private let players = Mutex<[String: PlivoToneMedia]>([:])

    /// The player under `key`, made by `make` the first time.
    func player(_ key: String, make: () -> PlivoToneMedia?) -> PlivoToneMedia? {
        players.withLock { players in
            if let player = players[key] { return player }
            let player = make()
            players[key] = player
            return player
        }
    }
}

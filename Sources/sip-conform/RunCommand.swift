import ArgumentParser

/// `sip-conform [run] --target URL`: placeholder until the runner lands.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run conformance scenarios against a target.")

    func run() async throws {
        throw ValidationError("not built yet")
    }
}

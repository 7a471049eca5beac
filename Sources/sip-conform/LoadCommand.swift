import ArgumentParser

/// `sip-conform load`: placeholder until the load generator lands.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Place calls or registrations at a steady rate.")

    func run() async throws {
        throw ValidationError("load mode is not built yet")
    }
}

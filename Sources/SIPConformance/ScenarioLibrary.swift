import Foundation

/// Finds and reads the scenario files of a folder: `<folder>/<suite>/*.scenario`.
public enum ScenarioLibrary {
    /// The suites in the order they run; other folders run after them, by name.
    public static let suiteOrder = ["registrar", "proxy", "uas", "websocket", "robustness"]

    /// The scenario folder: `explicit` when given, else `SIP_CONFORM_SCENARIOS`, else the first
    /// `Conformance/Scenarios` found walking up from the working folder or from the executable.
    public static func folder(explicit: String?) -> String? {
        if let explicit { return explicit }
        if let value = ProcessInfo.processInfo.environment["SIP_CONFORM_SCENARIOS"], !value.isEmpty { return value }
        let starts = [FileManager.default.currentDirectoryPath,
                      URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent().path]
        for start in starts {
            var url = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = url.appendingPathComponent("Conformance/Scenarios")
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), isFolder.boolValue {
                    return candidate.path
                }
                url.deleteLastPathComponent()
            }
        }
        return nil
    }

    /// Reads every scenario of `suites` (all when empty) under `folder`, in run order.
    public static func load(folder: String, suites: [String]) throws(ConformanceError) -> [ConformanceScenario] {
        let manager = FileManager.default
        let available: [String]
        do {
            available = try manager.contentsOfDirectory(atPath: folder).filter { name in
                var isFolder: ObjCBool = false
                return manager.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder) && isFolder.boolValue
            }
        } catch {
            throw .unreadable("\(folder): \(error.localizedDescription)")
        }
        for suite in suites where !available.contains(suite) {
            throw .unreadable("\(folder)/\(suite): no such suite (have: \(available.sorted().joined(separator: ", ")))")
        }
        let chosen = (suites.isEmpty ? available : suites).sorted { left, right in
            let a = suiteOrder.firstIndex(of: left) ?? suiteOrder.count, b = suiteOrder.firstIndex(of: right) ?? suiteOrder.count
            return a != b ? a < b : left < right
        }
        var scenarios: [ConformanceScenario] = []
        for suite in chosen {
            let suiteFolder = folder + "/" + suite
            let files = ((try? manager.contentsOfDirectory(atPath: suiteFolder)) ?? []).filter { $0.hasSuffix(".scenario") }.sorted()
            let parser = ScenarioParser { path in
                let resolved = path.hasPrefix("/") ? path : suiteFolder + "/" + path
                guard let data = manager.contents(atPath: resolved) else { throw ConformanceError.unreadable(resolved) }
                return [UInt8](data)
            }
            for file in files {
                let path = suiteFolder + "/" + file
                guard let data = manager.contents(atPath: path) else { throw .unreadable(path) }
                scenarios.append(try parser.parse([UInt8](data), suite: suite, file: path,
                                                  name: String(file.dropLast(".scenario".count))))
            }
        }
        return scenarios
    }
}

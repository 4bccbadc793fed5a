import Foundation

/// What the script tests need beyond ``CoreTestSupport``: the fast.ai corpus and the Swift compiler.
enum ScriptTestSupport {
    /// Where the shared corpora are looked for, for messages (`NB2SWIFT_SHARED`, else `<package root>/../shared`).
    static var sharedFolder: String {
        ProcessInfo.processInfo.environment["NB2SWIFT_SHARED"]
            ?? CoreTestSupport.packageRoot.deletingLastPathComponent().appendingPathComponent("shared").path
    }

    /// The 26 fast.ai Swift notebooks, when the shared corpus is present.
    static var fastaiNotebooks: [String] {
        guard let shared = CoreTestSupport.sharedFolder else { return [] }
        let folder = shared.appendingPathComponent("corpus/fastai-course-v3/notebooks").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".ipynb") }.sorted().map { folder + "/" + $0 }
    }

    /// `swiftc`: `$SWIFTC`, the toolchain's at /opt/swift, or the first on `PATH`.
    static var swiftc: String? {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["SWIFTC"] { candidates.append(explicit) }
        candidates.append("/opt/swift/usr/bin/swiftc")
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(folder + "/swiftc")
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `swiftc -parse` on each script text; returns the diagnostics of those it rejects (empty when all parse).
    static func parseErrors(_ scripts: [(name: String, text: String)]) throws -> [String] {
        guard let swiftc else { return [] }
        let folder = try CoreTestSupport.temporaryFolder("swiftc-parse")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var failures: [String] = []
        for script in scripts {
            try CoreTestSupport.write(script.text, to: folder + "/" + script.name)
            let result = try CoreTestSupport.run(URL(fileURLWithPath: swiftc), ["-parse", script.name], in: folder)
            if result.status != 0 || result.stderr.contains("error:") {
                failures.append("\(script.name): " + result.stderr.prefix(600))
            }
        }
        return failures
    }
}

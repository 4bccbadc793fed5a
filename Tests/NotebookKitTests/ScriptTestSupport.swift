import Foundation

/// Where the shared test corpora and the Swift compiler are, for the script tests.
enum ScriptTestSupport {
    /// The package root, from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `$NB2SWIFT_SHARED`, or `<package root>/../shared`.
    static var sharedFolder: String {
        ProcessInfo.processInfo.environment["NB2SWIFT_SHARED"]
            ?? URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared").path
    }

    /// The 26 fast.ai Swift notebooks, when the shared corpus is present.
    static var fastaiNotebooks: [String] {
        let folder = sharedFolder + "/corpus/fastai-course-v3/notebooks"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".ipynb") }.sorted().map { folder + "/" + $0 }
    }

    /// `swiftc`: `$SWIFTC`, the one beside the `swift` running the tests, or the first on `PATH`.
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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "nb2swift-parse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var failures: [String] = []
        for script in scripts {
            let file = folder.appendingPathComponent(script.name)
            try Data(script.text.utf8).write(to: file)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: swiftc)
            process.arguments = ["-parse", file.path]
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: output, as: UTF8.self)
            if process.terminationStatus != 0 || text.contains("error:") {
                failures.append("\(script.name): " + text.prefix(600))
            }
        }
        return failures
    }
}

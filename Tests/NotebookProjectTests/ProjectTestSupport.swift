import Foundation
import Testing

/// What the project tests share: the built executable, a copy of the test project, file helpers.
enum ProjectTestSupport {
    /// The package root (three folders above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The built `nb2swift` executable next to the test bundle, when it was built.
    static let executable: URL? = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("nb2swift")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue
            {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }()

    /// A fresh copy of `Tests/Fixtures/LoopProject` (its notebooks and nb2swift.toml); its path, symbolic links
    /// resolved.
    static func copyProject() throws -> String {
        let folder = NSTemporaryDirectory() + "nb2swift-project-\(UUID().uuidString)"
        try FileManager.default.copyItem(
            atPath: packageRoot.appendingPathComponent("Tests/Fixtures/LoopProject").path, toPath: folder)
        return URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
    }

    /// Runs the executable in `directory`; its status and both streams.
    @discardableResult
    static func nb2swift(_ arguments: [String], in directory: String) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        let executable = try #require(executable)
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Replaces the one occurrence of `old` in the file at `path` with `new`.
    static func edit(_ path: String, _ old: String, _ new: String) throws {
        let text = try #require(read(path))
        #expect(text.components(separatedBy: old).count == 2, "\(path): \(old)")
        try write(text.replacingOccurrences(of: old, with: new), to: path)
    }

    /// The lines of `a` not in `b` at the same place and vice versa: what `git diff` would show, as pairs.
    static func changedLines(_ a: String, _ b: String) -> [String] {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        guard left.count == right.count else { return ["line count \(left.count) → \(right.count)"] }
        return zip(left, right).filter { $0 != $1 }.map { "\($0) → \($1)" }
    }
}

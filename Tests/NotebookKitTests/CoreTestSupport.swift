import Foundation
import Testing

@testable import NotebookKit

/// Paths and helpers shared by the converter-core tests.
enum CoreTestSupport {
    /// The package root, derived from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// This test target's folder.
    static let testsFolder: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// The shared corpora: `NB2SWIFT_SHARED`, else `<package root>/../shared`; `nil` when absent.
    static let sharedFolder: URL? = {
        let candidate =
            ProcessInfo.processInfo.environment["NB2SWIFT_SHARED"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory)
            && isDirectory.boolValue
            ? candidate : nil
    }()

    /// The IPython conformance corpus folder, when present.
    static var writefileCorpus: URL? {
        guard let folder = sharedFolder?.appendingPathComponent("corpus/ipython-writefile"),
            FileManager.default.fileExists(atPath: folder.path)
        else { return nil }
        return folder
    }

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

    /// A fresh empty folder under the temporary directory.
    static func temporaryFolder(_ label: String = "nb2swift-test") throws -> String {
        let path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return OutputRoot(path).resolvedPath
    }

    /// Writes `text` to `path` (parents created).
    static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Writes bytes to `path` (parents created).
    static func write(_ bytes: [UInt8], to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The bytes of a file, or `nil`.
    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// A minimal nbformat 4.5 notebook of code cells (id `c<index>`).
    static func notebookJSON(_ sources: [String], markdown: [Int: String] = [:]) -> String {
        var cells: [Any] = []
        for (index, source) in sources.enumerated() {
            if let text = markdown[index] {
                cells.append(["cell_type": "markdown", "id": "m\(index)", "metadata": [:], "source": text])
            }
            cells.append(
                [
                    "cell_type": "code", "id": "c\(index)", "metadata": [:], "source": source, "outputs": [],
                    "execution_count": NSNull(),
                ] as [String: Any])
        }
        let object: [String: Any] = ["cells": cells, "metadata": [:], "nbformat": 4, "nbformat_minor": 5]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Every regular file under `root`, relative paths, sorted.
    static func files(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                result.append(relative)
            }
        }
        return result.sorted()
    }

    /// Runs a program to completion; returns its status, standard output and standard error.
    @discardableResult
    static func run(
        _ executable: URL, _ arguments: [String], in directory: String? = nil
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
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
}

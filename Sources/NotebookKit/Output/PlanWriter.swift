import Foundation

/// Applies plans to the disk safely: each file is written to a recognisably named temporary file in its own folder
/// and renamed over the target (so a reader, or a killed run, never sees a partial file; like IPython and jupytext,
/// files are not fsynced, so power loss is left to the file system), parent folders are created,
/// files whose bytes are already right are left alone (their modification time is kept), and every path is checked
/// against the output root again just before it is written.
public struct PlanWriter: Sendable {
    /// Whether paths outside the output root may be written (`--allow-outside`).
    public var allowsOutsideRoot: Bool

    /// Creates a writer.
    public init(allowsOutsideRoot: Bool = false) { self.allowsOutsideRoot = allowsOutsideRoot }

    /// The marker in temporary file names: `.<name>.nb2swift-tmp-<pid>-<random>`.
    public static let temporaryMarker = ".nb2swift-tmp-"

    /// Whether a file name is one of nb2swift's temporary files (left behind only by a killed run).
    public static func isTemporaryName(_ name: String) -> Bool {
        name.hasPrefix(".") && name.contains(temporaryMarker)
    }

    /// What happened to one file.
    public enum Outcome: Sendable, Equatable {
        case written
        case unchanged
    }

    /// An error writing a file.
    public struct WriteError: Error, CustomStringConvertible {
        /// The explanation, naming the file.
        public var description: String
    }

    /// Writes every file of `plan`, in order; returns each file's outcome.
    @discardableResult
    public func apply(_ plan: ExportPlan) throws(WriteError) -> [(file: PlannedFile, outcome: Outcome)] {
        let root = OutputRoot(plan.outputRoot)
        var targets: [(PlannedFile, String)] = []
        for file in plan.files {
            do {
                targets.append((file, try root.resolve(file.path, allowingOutside: allowsOutsideRoot).absolute))
            } catch {
                throw WriteError(description: "\(file.path): refused: \(error.description)")
            }
        }
        Self.removeStaleTemporaries(for: targets.map(\.1))
        var results: [(file: PlannedFile, outcome: Outcome)] = []
        var readyFolders: Set<String> = []
        for (file, absolute) in targets {
            results.append(
                (file, try write(file.bytes, to: absolute, root: root, shownAs: file.path, readyFolders: &readyFolders))
            )
        }
        return results
    }

    private func write(
        _ bytes: [UInt8], to absolute: String, root: OutputRoot, shownAs name: String, readyFolders: inout Set<String>
    ) throws(WriteError) -> Outcome {
        if let existing = FileManager.default.contents(atPath: absolute), [UInt8](existing) == bytes {
            return .unchanged
        }
        let folder = String(absolute[..<(absolute.lastIndex(of: "/") ?? absolute.startIndex)])
        let folderPath = folder.isEmpty ? "/" : folder
        if !readyFolders.contains(folderPath) {
            do {
                try FileManager.default.createDirectory(atPath: folderPath, withIntermediateDirectories: true)
            } catch {
                throw WriteError(
                    description: "\(name): cannot create the folder \(folderPath): \(error.localizedDescription)")
            }
            // The folders now exist: check again that none of them is a link leading out (a race, or a link made
            // between planning and writing).
            if !allowsOutsideRoot, let escape = root.physicalEscape(of: folderPath) {
                throw WriteError(
                    description: "\(name): refused: the symbolic link \(escape) leads outside the output root")
            }
            readyFolders.insert(folderPath)
        }
        if !allowsOutsideRoot, let escape = root.physicalEscape(of: absolute, from: folderPath) {
            throw WriteError(description: "\(name): refused: the symbolic link \(escape) leads outside the output root")
        }
        let fileName = absolute[absolute.index(after: absolute.lastIndex(of: "/")!)...]
        let temporary =
            "\(folderPath == "/" ? "" : folderPath)/.\(fileName)\(Self.temporaryMarker)\(getpid())-"
            + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw WriteError(
                description: "\(name): cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        var existingInfo = stat()
        if stat(absolute, &existingInfo) == 0 { fchmod(descriptor, existingInfo.st_mode & 0o7777) }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                written += count
            }
        }
        close(descriptor)
        if failure == nil, rename(temporary, absolute) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw WriteError(description: "\(name): cannot write: \(failure)")
        }
        return .written
    }

    /// Removes the temporary files that killed runs left for these targets (`.<name>.nb2swift-tmp-<pid>-*` whose
    /// process is gone), listing each folder once.
    static func removeStaleTemporaries(for targets: [String]) {
        var namesByFolder: [String: Set<String>] = [:]
        for absolute in targets {
            guard let slash = absolute.lastIndex(of: "/") else { continue }
            let folder = slash == absolute.startIndex ? "/" : String(absolute[..<slash])
            namesByFolder[folder, default: []].insert(String(absolute[absolute.index(after: slash)...]))
        }
        for (folder, targetNames) in namesByFolder {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where isTemporaryName(name) {
                guard let marker = name.range(of: temporaryMarker) else { continue }
                let target = String(name[name.index(after: name.startIndex)..<marker.lowerBound])
                guard targetNames.contains(target) else { continue }
                let pidText = name[marker.upperBound...].prefix { $0 != "-" }
                if let pid = Int32(pidText), pid != getpid(), kill(pid, 0) == 0 { continue }
                unlink((folder == "/" ? "" : folder) + "/" + name)
            }
        }
    }
}

import Foundation

/// One file a conversion reads: a notebook, or a script on the way back.
public struct ConversionInput: Sendable, Equatable {
    /// The path as the user gave it, or as found under a folder the user gave.
    public var path: String
    /// Whether the user named this file (rather than a folder holding it).
    public var isNamed: Bool
    /// For a file found under a folder: the folder holding it, relative to that folder (`sub/deeper`), which a run
    /// with `-o` mirrors for the file's own output; empty otherwise.
    public var folderInTree: String

    /// Creates an input.
    public init(path: String, isNamed: Bool = true, folderInTree: String = "") {
        self.path = path
        self.isNamed = isNamed
        self.folderInTree = folderInTree
    }

    /// A command-line path that is neither a readable input nor a folder of them.
    public struct DiscoveryError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The explanation, naming the path.
        public var description: String
    }

    /// The inputs named by `paths`: files as given, folders searched recursively for files ending in `suffix`
    /// (sorted; hidden folders such as `.ipynb_checkpoints` skipped). A file named twice is read once.
    public static func discover(_ paths: [String], suffix: String = ".ipynb") throws(DiscoveryError)
        -> [ConversionInput]
    {
        var result: [ConversionInput] = []
        var seen: Set<String> = []
        func add(_ input: ConversionInput) {
            if seen.insert(OutputRoot(input.path).path).inserted { result.append(input) }
        }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw DiscoveryError(description: "\(path): no such file or folder")
            }
            guard isDirectory.boolValue else {
                add(ConversionInput(path: path))
                continue
            }
            guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                throw DiscoveryError(description: "\(path): cannot list the folder")
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                if name.hasSuffix(suffix) { found.append(relative) }
            }
            if found.isEmpty { throw DiscoveryError(description: "\(path): no \(suffix) files in this folder") }
            for relative in found.sorted() {
                add(
                    ConversionInput(
                        path: path.hasSuffix("/") ? path + relative : path + "/" + relative, isNamed: false,
                        folderInTree: (relative as NSString).deletingLastPathComponent))
            }
        }
        return result
    }
}

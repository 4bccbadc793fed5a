import Foundation

/// Turns the command line's notebooks and folders into a list of notebook files.
enum NotebookDiscovery {
    /// A command-line path that is neither a notebook nor a folder.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The notebooks named by `inputs`: files as given, folders searched recursively (sorted; hidden folders and
    /// `.ipynb_checkpoints` skipped).
    static func notebooks(in inputs: [String]) throws(Failure) -> [String] {
        var result: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw Failure(description: "\(input): no such file or folder")
            }
            guard isDirectory.boolValue else {
                result.append(input)
                continue
            }
            guard let enumerator = FileManager.default.enumerator(atPath: input) else {
                throw Failure(description: "\(input): cannot list the folder")
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                if name.hasSuffix(".ipynb") {
                    found.append(input.hasSuffix("/") ? input + relative : input + "/" + relative)
                }
            }
            if found.isEmpty { throw Failure(description: "\(input): no notebooks (.ipynb) in this folder") }
            result += found.sorted()
        }
        return result
    }
}

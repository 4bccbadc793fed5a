import Foundation

/// The on-disk format of a ``Checkpoint``, and the one type that knows it: a folder holding `NAME.pth` for each
/// model (a state dict `torch.load` reads), `NAME.pt` for each optimizer (libtorch's optimizer archive) and
/// `checkpoint.json` (epoch, ranks, settings, metrics).
///
/// The folder is replaced as a whole: the new one is written beside it as `.FOLDER.partial`, the old one renamed
/// to `.FOLDER.previous`, the new one to `FOLDER`, then the old one removed; so a folder named `FOLDER` is always
/// complete, and a kill between the two renames leaves `.FOLDER.previous`, which ``readDescription()`` puts back.
/// (A format with every part in one `torch.save` dict would replace this type alone.)
struct CheckpointFolder {
    /// The checkpoint folder, e.g. `models/checkpoint`.
    let url: URL

    static let descriptionFile = "checkpoint.json"

    private var parent: URL { url.deletingLastPathComponent() }
    private var partial: URL { parent.appendingPathComponent(".\(url.lastPathComponent).partial", isDirectory: true) }
    private var previous: URL { parent.appendingPathComponent(".\(url.lastPathComponent).previous", isDirectory: true) }

    /// Where the description lives.
    var descriptionURL: URL { url.appendingPathComponent(Self.descriptionFile) }

    /// The file of the part `name` inside `folder`.
    private static func file(_ name: String, _ state: TrainingState, in folder: URL) -> URL {
        switch state {
        case .module: folder.appendingPathComponent("\(name).pth")
        case .optimizer: folder.appendingPathComponent("\(name).pt")
        }
    }

    /// Writes every part and the description as a new folder, then swaps it in.
    func write(description: Data, states: [String: TrainingState]) throws {
        let files = FileManager.default
        try? files.removeItem(at: partial)  // left by a killed run
        do {
            try files.createDirectory(at: partial, withIntermediateDirectories: true)
            for (name, state) in states {
                switch state {
                case .module(let module): try module.stateDict().save(to: Self.file(name, state, in: partial))
                case .optimizer(let optimizer): try optimizer.save(to: Self.file(name, state, in: partial))
                }
            }
            try description.write(to: partial.appendingPathComponent(Self.descriptionFile))
            if files.fileExists(atPath: url.path) {
                try? files.removeItem(at: previous)  // older than the current folder
                try files.moveItem(at: url, to: previous)
            }
            try files.moveItem(at: partial, to: url)
        } catch let error as TorchError {
            throw error
        } catch {
            throw TorchError.file(
                path: url.path, .cannotWrite("cannot write the checkpoint (\(error.localizedDescription))"))
        }
        try? files.removeItem(at: previous)
    }

    /// The description's bytes, or nil when there is no checkpoint. A folder left as `.FOLDER.previous` by a kill
    /// between the renames of ``write(description:states:)`` is renamed back first.
    func readDescription() throws -> Data? {
        let files = FileManager.default
        if !files.fileExists(atPath: url.path) && files.fileExists(atPath: previous.path) {
            try? files.moveItem(at: previous, to: url)
        }
        guard files.fileExists(atPath: descriptionURL.path) else { return nil }
        return try RuntimeFile.read(descriptionURL)
    }

    /// Loads every part into its model or optimizer.
    func restore(_ states: [String: TrainingState]) throws {
        for (name, state) in states.sorted(by: { $0.key < $1.key }) {
            let file = Self.file(name, state, in: url)
            do {
                switch state {
                case .module(let module): try module.loadStateDict(try StateDict(contentsOf: file))
                case .optimizer(let optimizer): try optimizer.load(from: file)
                }
            } catch TorchError.stateDictMismatch(let module, let missing, let unexpected, let sizes) {
                let first = (missing.map { "missing \($0)" } + unexpected.map { "unexpected \($0)" } + sizes).first
                throw TorchError.file(
                    path: file.path, .mismatched("not the weights of this \(module) (\(first ?? "another model"))"))
            }
        }
    }
}

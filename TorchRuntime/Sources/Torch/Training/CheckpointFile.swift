import Foundation

/// The on-disk format of a ``Checkpoint``, and the one type that knows it: one file `torch.save` could have written
/// and `torch.load` reads (torch 1.13 and 2.x, `weights_only=True` included), a dict in the convention of PyTorch's
/// tutorials:
///
/// ```python
/// {"epoch": 3,                                    # the last finished epoch, from 1
///  "model_state_dict": OrderedDict(...),          # each state NAME as NAME_state_dict: model.state_dict()
///  "optimizer_state_dict": {"state": ..., "param_groups": [...]},   # optimizer.state_dict(), torch.optim's layout
///  "world_size": 1,                               # the number of ranks that trained it
///  "settings": {"batch_size": "32", ...},         # what a resumed run must share (JSON's types)
///  "metrics": {"train_loss": [...], ...},         # one float per epoch, in the metrics' order
///  "rng_state": tensor([...], dtype=torch.uint8)} # torch.get_rng_state() after the epoch
/// ```
///
/// The file is replaced atomically (written beside it, then renamed over it), so a checkpoint file is always
/// complete. A checkpoint of the earlier format, a folder holding `checkpoint.json`, is refused with a message
/// saying so, never read as something else.
struct CheckpointFile {
    /// The checkpoint file, e.g. `models/checkpoint.pth`.
    let url: URL

    static let epochKey = "epoch"
    static let worldSizeKey = "world_size"
    static let settingsKey = "settings"
    static let metricsKey = "metrics"
    static let rngStateKey = "rng_state"
    /// What the state named `name` is stored under (`model` → `model_state_dict`).
    static func key(ofState name: String) -> String { name + stateSuffix }
    static let stateSuffix = "_state_dict"

    /// Where the earlier format kept this checkpoint: the folder named like the file without its extension
    /// (`models/checkpoint` for `models/checkpoint.pth`), holding `checkpoint.json`.
    private var legacyDescription: URL {
        url.deletingPathExtension().appendingPathComponent("checkpoint.json")
    }

    /// Writes the dict, creating the file's folder, replacing an earlier file atomically.
    func write(_ contents: SavedDict) throws {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw TorchError.file(
                path: url.path, .cannotWrite("cannot create its folder (\(error.localizedDescription))"))
        }
        try Torch.save(.dict(contents), to: url)
    }

    /// The dict the file holds, or nil when there is no checkpoint.
    ///
    /// - Throws: ``TorchError/file(path:_:)``: ``TorchError/FileProblem/unsupported(_:)`` for a checkpoint of the
    ///   earlier format (a folder) at or beside `url`; the errors of `Torch.load(from:)` for a damaged file;
    ///   ``TorchError/FileProblem/corrupt(_:)`` when the value is not a dict with `str` keys.
    func read() throws -> SavedDict? {
        let files = FileManager.default
        var isFolder: ObjCBool = false
        let exists = files.fileExists(atPath: url.path, isDirectory: &isFolder)
        let legacy = isFolder.boolValue ? url.appendingPathComponent("checkpoint.json") : legacyDescription
        if (!exists || isFolder.boolValue) && files.fileExists(atPath: legacy.path) {
            throw TorchError.file(
                path: legacy.path,
                .unsupported(
                    "a checkpoint in the earlier format (a folder with checkpoint.json), which this version does not "
                        + "read; it reads one torch.save file, \(url.lastPathComponent): start again without "
                        + "--resume (the folder can then be deleted)"))
        }
        guard exists else { return nil }
        if isFolder.boolValue {
            throw TorchError.file(path: url.path, .corrupt("a folder, not a checkpoint file"))
        }
        let value = try Torch.load(from: url)
        guard let contents = value.dictValue, contents.keys.allSatisfy({ if case .string = $0 { true } else { false } })
        else {
            throw TorchError.file(
                path: url.path,
                .corrupt("not a checkpoint (a \(value.typeName), not a dict with str keys); delete it to start over"))
        }
        return contents
    }
}

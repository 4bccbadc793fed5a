import Foundation

/// An ordered map from parameter names to tensors: PyTorch's `state_dict()`, readable from and writable to the
/// `.pth`/`.pt` files `torch.save` / `torch.load` use.
///
/// Files written by `save(to:)` load in Python with `torch.load(path)` (an OrderedDict of tensors) and
/// `model.load_state_dict(...)`; `init(contentsOf:)` reads those and the files Python writes with
/// `torch.save(model.state_dict(), path)`.
public struct StateDict {
    /// The entries in order.
    public private(set) var entries: [(name: String, tensor: Tensor)]

    /// A state dict holding `entries` in order; names must be unique.
    public init(_ entries: [(String, Tensor)]) throws {
        var seen = Set<String>()
        for (name, _) in entries where !seen.insert(name).inserted {
            throw TorchError.invalidArgument(operation: "StateDict", message: "duplicate state dict key \"\(name)\"")
        }
        self.entries = entries.map { (name: $0.0, tensor: $0.1) }
    }

    /// The names in order (`state_dict.keys()`).
    public var keys: [String] { entries.map(\.name) }

    /// The number of entries.
    public var count: Int { entries.count }

    /// The tensor stored under `name`, or `nil`.
    public subscript(name: String) -> Tensor? {
        entries.first(where: { $0.name == name })?.tensor
    }

    // MARK: Files

    /// Reads a state dict saved by `torch.save(model.state_dict(), path)` or by `save(to:)`.
    ///
    /// Errors are `TorchError.file` naming the file: `.cannotRead`, `.corrupt` (not a zip, truncated, a CRC
    /// mismatch, a malformed pickle, sizes that overflow) or `.unsupported` (compressed entries, an object that is
    /// not a dict of tensors, an unsupported dtype).
    public init(contentsOf url: URL) throws {
        try self.init(data: RuntimeFile.read(url), describedAs: url.path)
    }

    /// Reads a state dict from the bytes of a `.pth` file (for example one downloaded into memory); `path` names
    /// the bytes in errors, which are those of `init(contentsOf:)`. The bytes are untrusted input: they are read as
    /// `Torch.load(data:describedAs:)` reads them, every size and offset checked before a tensor is built, and the
    /// value must be a dict from names to tensors (checked before any tensor is built, too).
    public init(data: Data, describedAs path: String = "state dict") throws {
        let reader = try PthReader(data: data, describe: path)
        _ = try reader.stateDictEntries()
        try self.init(reader.value(), describedAs: path)
    }

    /// The state dict a loaded value holds (for example `checkpoint["model_state_dict"]`): a dict from `str` names
    /// to tensors; anything else is `TorchError.file(path, .unsupported)` naming `path`.
    public init(_ value: SavedValue, describedAs path: String = "state dict") throws {
        func fail(_ why: String) -> TorchError { .file(path: path, .unsupported(why)) }
        guard case .dict(let dict) = value else {
            throw fail("the value is a \(value.typeName), not a dict (only state dicts of tensors are read)")
        }
        var entries: [(String, Tensor)] = []
        for (key, item) in dict {
            guard case .string(let name) = key else { throw fail("state dict key of type int; expected str") }
            guard case .tensor(let tensor) = item else {
                throw fail("state dict entry \"\(name)\" is a \(item.typeName), not a tensor")
            }
            entries.append((name, tensor))
        }
        try self.init(entries)
    }

    /// The state dict as a value for `Torch.save`: an `OrderedDict` from names to tensors, as Python's
    /// `model.state_dict()`.
    public var savedDict: SavedDict {
        SavedDict(entries.map { (.string($0.name), .tensor($0.tensor)) }, isOrderedDict: true)
    }

    /// Writes the state dict in PyTorch's zip format (what `torch.save(state_dict, path)` writes: an `OrderedDict`
    /// of tensors), replacing `url` atomically: an earlier file there is replaced whole or, when the write fails,
    /// kept (`TorchError.file(path, .cannotWrite)`). The archive's folder is named after the file, as PyTorch does.
    ///
    /// Each tensor is written detached (`requires_grad=False`, as `state_dict()` holds it) and row-major over a
    /// storage of exactly its elements, so the file depends on the weights alone: a channels-last model, or one whose tensors view larger storages, saves the same bytes as a contiguous
    /// one. (`Torch.save` writes tensors as they lie, sharing storages, as `torch.save` does.)
    public func save(to url: URL) throws {
        let canonical = try SavedDict(
            entries.map { (.string($0.name), .tensor(try Self.rowMajor($0.tensor.detach()))) }, isOrderedDict: true)
        let data = try PthWriter.archive(
            .dict(canonical), archiveName: PthWriter.archiveName(for: url), describe: url.path)
        try RuntimeFile.writeAtomically(data, to: url, what: "the state dict")
    }

    /// `tensor` when it is row-major over a storage of exactly its elements, else such a copy of it.
    private static func rowMajor(_ tensor: Tensor) throws -> Tensor {
        let layout = tensor.storageLayout
        guard tensor.isContiguous(), layout.offset == 0,
            layout.storageByteCount == tensor.count * (tensor.dtype?.byteCount ?? 0)
        else {
            return try tensor.isContiguous() ? tensor.clone() : tensor.contiguous()
        }
        return tensor
    }
}

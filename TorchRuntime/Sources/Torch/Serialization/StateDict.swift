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
    /// the bytes in errors, which are those of `init(contentsOf:)`. The bytes are untrusted input: every size and
    /// offset in them is checked, and anything wrong is an error, never a crash.
    public init(data: Data, describedAs path: String = "state dict") throws {
        let describe = path
        func fail(_ problem: TorchError.FileProblem) -> TorchError { .file(path: describe, problem) }
        let archive = try StoredZipArchive(data: data, describe: describe)
        guard let pickleName = archive.entries.map(\.name).first(where: { $0.hasSuffix("data.pkl") }) else {
            throw fail(.unsupported("no data.pkl record; not a PyTorch file saved with torch.save"))
        }
        let prefix = String(pickleName.dropLast("data.pkl".count))
        var unpickler = Unpickler([UInt8](archive.contents(of: pickleName) ?? Data()), describe: describe)
        guard case .dict(let dict) = try unpickler.load() else {
            throw fail(.unsupported("the pickled object is not a dict (only state dicts of tensors are read)"))
        }
        var entries: [(String, Tensor)] = []
        var seen = Set<String>()
        for (key, value) in dict.items {
            guard case .string(let name) = key else {
                throw fail(.unsupported("state dict key of type \(key.typeName); expected str"))
            }
            guard seen.insert(name).inserted else {
                throw fail(.corrupt("duplicate state dict key \"\(name)\""))
            }
            guard case .tensor(let reference) = value else {
                throw fail(.unsupported("state dict entry \"\(name)\" is a \(value.typeName), not a tensor"))
            }
            let entry = prefix + "data/" + reference.storage.key
            guard let storage = archive.contents(of: entry) else {
                throw fail(.corrupt("missing storage record \(entry) for \"\(name)\""))
            }
            entries.append(
                (name, try Self.tensor(reference, storage: [UInt8](storage), name: name, describe: describe)))
        }
        try self.init(entries)
    }

    /// Writes the state dict in PyTorch's zip format (what `torch.save(state_dict, path)` writes), replacing `url`
    /// atomically: an earlier file there is replaced whole or, when the write fails, kept
    /// (`TorchError.file(path, .cannotWrite)`). The archive's folder is named after the file, as PyTorch does.
    public func save(to url: URL) throws {
        var archiveName = url.deletingPathExtension().lastPathComponent
        if archiveName.isEmpty || archiveName.contains("/") {
            archiveName = "archive"
        }
        var files: [(name: String, data: [UInt8])] = []
        var records: [(name: String, dtype: DType, shape: [Int])] = []
        for (index, entry) in entries.enumerated() {
            guard let dtype = entry.tensor.dtype else {
                throw TorchError.file(path: url.path, .cannotWrite("cannot save \"\(entry.name)\": unsupported dtype"))
            }
            records.append((entry.name, dtype, entry.tensor.shape))
            files.append(("\(archiveName)/data/\(index)", try entry.tensor.bytes(as: dtype)))
        }
        files.insert(("\(archiveName)/data.pkl", Pickler.stateDict(records)), at: 0)
        files.append(("\(archiveName)/version", Array("3\n".utf8)))
        let data = try StoredZipArchive.archive(files, describe: url.path)
        try RuntimeFile.writeAtomically(data, to: url, what: "the state dict")
    }

    /// Builds the tensor `reference` describes from its storage bytes, checking every index stays inside.
    private static func tensor(
        _ reference: TensorReference, storage: [UInt8], name: String, describe: String
    ) throws -> Tensor {
        let size = reference.storage.dtype.byteCount
        func fail(_ why: String) -> TorchError { .file(path: describe, .corrupt("tensor \"\(name)\": \(why)")) }
        guard reference.offset >= 0, reference.storage.count >= 0, reference.shape.allSatisfy({ $0 >= 0 }),
            reference.strides.allSatisfy({ $0 >= 0 })
        else { throw fail("negative offset, storage size, size or stride") }
        // Sizes come from the file: every product and sum is checked for overflow.
        func product(_ a: Int, _ b: Int) throws -> Int {
            let (value, overflow) = a.multipliedReportingOverflow(by: b)
            guard !overflow else { throw fail("sizes overflow") }
            return value
        }
        func sum(_ a: Int, _ b: Int) throws -> Int {
            let (value, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw fail("sizes overflow") }
            return value
        }
        let count = try reference.shape.reduce(1, product)
        let storageBytes = try product(reference.storage.count, size)
        guard storage.count >= storageBytes else {
            throw fail("storage holds \(storage.count) bytes, \(storageBytes) expected (truncated?)")
        }
        if count == 0 {
            return try Tensor(bytes: [], shape: reference.shape, dtype: reference.storage.dtype)
        }
        var last = reference.offset
        for (dimension, stride) in zip(reference.shape, reference.strides) {
            last = try sum(last, product(dimension - 1, stride))
        }
        guard last < reference.storage.count else { throw fail("view reaches past its storage") }
        let bytes: [UInt8]
        if reference.strides == contiguousStrides(reference.shape) {
            bytes = Array(storage[reference.offset * size..<(reference.offset + count) * size])
        } else {
            // A strided view: gather element by element in row-major order.
            var gathered = [UInt8]()
            gathered.reserveCapacity(try product(count, size))
            var index = [Int](repeating: 0, count: reference.shape.count)
            for _ in 0..<count {
                let element = reference.offset + zip(index, reference.strides).reduce(0) { $0 + $1.0 * $1.1 }
                gathered += storage[element * size..<(element + 1) * size]
                var dim = index.count - 1
                while dim >= 0 {
                    index[dim] += 1
                    if index[dim] < reference.shape[dim] { break }
                    index[dim] = 0
                    dim -= 1
                }
            }
            bytes = gathered
        }
        return try Tensor(bytes: bytes, shape: reference.shape, dtype: reference.storage.dtype)
    }
}

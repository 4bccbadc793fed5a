import Foundation

/// The storages a value's tensors view, one record each however many tensors share it, keyed "0", "1", ... in the
/// order the pickle first meets them (as `torch.save` numbers them).
struct StorageTable {
    struct Storage {
        var key: String
        var dtype: DType
        /// The storage class's name, e.g. "FloatStorage".
        var typeName: String
        /// Elements.
        var count: Int
        /// A tensor on the storage, to copy its bytes from.
        var tensor: Tensor
    }

    private(set) var storages: [Storage] = []
    private var keys: [UInt64: Int] = [:]

    /// The storage record of `tensor`'s storage, added when first met.
    mutating func add(_ tensor: Tensor, layout: Tensor.StorageLayout, describe: String) throws -> Storage {
        func fail(_ why: String) -> TorchError { .file(path: describe, .cannotWrite("cannot save \(tensor): \(why)")) }
        guard let dtype = tensor.dtype else { throw fail("unsupported dtype") }
        if let index = keys[layout.storageID] {
            guard storages[index].dtype == dtype else {
                throw fail("it views a storage another tensor views as \(storages[index].dtype)")
            }
            return storages[index]
        }
        guard layout.storageByteCount.isMultiple(of: dtype.byteCount) else {
            throw fail("its storage is not a whole number of \(dtype) elements")
        }
        let storage = Storage(
            key: String(storages.count), dtype: dtype, typeName: Self.storageName(dtype),
            count: layout.storageByteCount / dtype.byteCount, tensor: tensor)
        keys[layout.storageID] = storages.count
        storages.append(storage)
        return storage
    }

    /// PyTorch's legacy storage class for `dtype`, the name `torch.save` pickles.
    static func storageName(_ dtype: DType) -> String {
        switch dtype {
        case .float32: "FloatStorage"
        case .float64: "DoubleStorage"
        case .int64: "LongStorage"
        case .int32: "IntStorage"
        case .uint8: "ByteStorage"
        case .bool: "BoolStorage"
        }
    }
}

/// Writes `torch.save` archives: `<name>/data.pkl`, one `<name>/data/<key>` record per storage, `<name>/version`.
enum PthWriter {
    /// The archive bytes for `value`; `archiveName` is the archive's folder (PyTorch names it after the file).
    static func archive(_ value: SavedValue, archiveName: String, describe: String) throws -> Data {
        var pickler = Pickler(describe: describe)
        try pickler.dump(value)
        var files: [(name: String, data: [UInt8])] = [("\(archiveName)/data.pkl", pickler.bytes)]
        for storage in pickler.storages.storages {
            let bytes = try storage.tensor.storageBytes(storage.count * storage.dtype.byteCount)
            files.append(("\(archiveName)/data/\(storage.key)", bytes))
        }
        files.append(("\(archiveName)/version", Array("3\n".utf8)))
        return try StoredZipArchive.archive(files, describe: describe)
    }

    /// The archive folder for a file at `url`: its name without the extension, as PyTorch names it, or "archive".
    static func archiveName(for url: URL) -> String {
        let name = url.deletingPathExtension().lastPathComponent
        return name.isEmpty || name.contains("/") ? "archive" : name
    }
}

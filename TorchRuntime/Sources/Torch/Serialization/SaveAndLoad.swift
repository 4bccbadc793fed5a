import Foundation

/// Writes `value` to `url` as `torch.save(value, url)` does (PyTorch's zip format, read by `torch.load` in torch 1.13
/// and 2.x), replacing the file atomically: an earlier file there is replaced whole or, when the write fails, kept
/// (`TorchError.file(path, .cannotWrite)`). Tensors are written from the CPU (a GPU tensor's storage is copied to
/// the host and recorded as a CPU storage); tensors that share a storage share one record.
public func save(_ value: SavedValue, to url: URL) throws {
    let data = try PthWriter.archive(value, archiveName: PthWriter.archiveName(for: url), describe: url.path)
    try RuntimeFile.writeAtomically(data, to: url, what: "the saved value")
}

/// The bytes `save(_:to:)` would write, for a value kept in memory or sent elsewhere (`torch.save(value, buffer)`).
public func save(_ value: SavedValue) throws -> Data {
    try PthWriter.archive(value, archiveName: "archive", describe: "saved value")
}

/// Reads a file written by `torch.save` (Python, torch 1.13 or 2.x) or by `save(_:to:)`, as
/// `torch.load(url, map_location="cpu", weights_only=True)` reads it: only plain values and tensors, never code.
///
/// The file is untrusted input. Everything is checked before a tensor is built — the zip (a name that appears twice
/// is refused), the archive's layout, the pickle, every tensor view against its storage and every storage against
/// its record — and tensors are views of their records' bytes, so no declared size can make the reader allocate
/// more than the file holds. Errors are `TorchError.file` naming the file: `.cannotRead`, `.corrupt` (not a zip,
/// truncated, a CRC mismatch, a malformed pickle, a view past its storage, a duplicate zip entry or dict key) or
/// `.unsupported` (compressed entries, objects other than the values `SavedValue` holds, a dtype the runtime does
/// not have, nesting beyond `SavedValue.maxNestingDepth`, a recursive container, repeated references beyond
/// `SavedValue.maxRepeatedValues`).
public func load(from url: URL) throws -> SavedValue {
    try load(data: RuntimeFile.read(url), describedAs: url.path)
}

/// Reads the bytes of a `torch.save` file (for example a download held in memory) as `load(from:)` reads a file;
/// `path` names the bytes in errors.
public func load(data: Data, describedAs path: String = "saved value") throws -> SavedValue {
    try PthReader(data: data, describe: path).value()
}

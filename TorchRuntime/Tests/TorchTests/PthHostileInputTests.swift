import Foundation
import Testing

@testable import Torch

/// Model files are untrusted input (issue 19, items 6-8): each hostile `.pth` below once crashed the reader or let
/// two readers see two models; each is now one `TorchError.file` naming the file, or the right value.
@Suite("Hostile .pth files")
struct PthHostileInputTests {
    /// Writes `data` as `name` in a fresh folder and returns its URL (the folder is removed by `cleanUp`).
    static func file(_ name: String, _ data: Data) throws -> URL {
        let directory = try temporaryDirectory()
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    static func cleanUp(_ url: URL) {
        try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
    }

    /// The error `body` throws: a `TorchError.file` naming `url`, in one line.
    static func fileError(_ url: URL, _ body: () throws -> Void) -> (problem: TorchError.FileProblem, line: String)? {
        do {
            try body()
            Issue.record("\(url.lastPathComponent): no error")
        } catch let error as TorchError {
            guard case .file(url.path, let problem) = error else {
                Issue.record("\(url.lastPathComponent): not a file error naming the file: \(error)")
                return nil
            }
            #expect(!error.message.contains("\n"), "one line: \(error.message)")
            #expect(error.message.hasPrefix(url.path + ": "))
            return (problem, error.message)
        } catch {
            Issue.record("\(url.lastPathComponent): not a TorchError: \(error)")
        }
        return nil
    }

    /// Item 6: a 100 KB pickle nesting 100,000 `TUPLE1` crashed the reader (stack overflow while freeing the value
    /// tree). Nesting is limited, as in a JSON parser, and nothing is freed recursively.
    @Test func deeplyNestedTuplesAreAnErrorNotACrash() throws {
        let pickle = PickleProgram.dict([
            ("w", { program in program.raw([0x4B, 1] + [UInt8](repeating: 0x85, count: 100_000)) })  // 1, TUPLE1 × 100k
        ])
        let url = try Self.file("nested.pth", try pthArchive(pickle: pickle))
        defer { Self.cleanUp(url) }
        #expect(try Data(contentsOf: url).count > 100_000)
        let error = Self.fileError(url) { _ = try StateDict(contentsOf: url) }
        #expect(error?.problem == .corrupt(error?.problem.reason ?? ""), "\(error?.line ?? "")")
        #expect(error?.line.contains("nested deeper than 1000 levels") == true, "\(error?.line ?? "")")
    }

    /// Item 7: a view of 200,000 × 200,000 elements with strides [0, 0] over a one-element storage made the reader
    /// allocate 160 GB (SIGABRT). Every view is checked against its storage and built as a view of it, as
    /// `torch.load` does: nothing is copied.
    @Test func aHugeViewOfATinyStorageAllocatesNothing() throws {
        let pickle = PickleProgram.dict([
            ("w", { $0.tensor(key: "0", count: 1, shape: [200_000, 200_000], strides: [0, 0]) })
        ])
        let url = try Self.file("broadcast.pth", try pthArchive(pickle: pickle, storages: [("0", floatBytes([1.5]))]))
        defer { Self.cleanUp(url) }
        let stateDict = try StateDict(contentsOf: url)
        let tensor = try #require(stateDict["w"])
        #expect(tensor.shape == [200_000, 200_000])
        #expect(try tensor.select(dim: 0, index: 199_999).select(dim: 0, index: 12_345).item() == 1.5)
    }
}

extension PthHostileInputTests {
    /// Item 8: a zip holding two `data/0` entries; we read the first, `torch.load` the last: one file, two models.
    /// Any name that appears twice (as zip readers compare them: ASCII case ignored) is refused.
    @Test(arguments: [
        ["archive/data/0", "archive/data/0"], ["archive/data/0", "archive/DATA/0"],
        ["archive/data.pkl", "archive/data.pkl"],
    ])
    func duplicateEntriesAreRefused(names: [String]) throws {
        let pickle = PickleProgram.dict([("w", { $0.tensor(key: "0", count: 1, shape: [1], strides: [1]) })])
        var files: [(name: String, data: [UInt8])] = [("archive/data.pkl", pickle)]
        files += names.filter { $0 != "archive/data.pkl" }.enumerated().map { ($1, floatBytes([Float($0)])) }
        if names.allSatisfy({ $0 == "archive/data.pkl" }) {
            files += [("archive/data/0", floatBytes([1])), ("archive/data.pkl", PickleProgram.dict([]))]
        }
        files.append(("archive/version", Array("3\n".utf8)))
        let url = try Self.file("duplicate.pth", try StoredZipArchive.archive(files))
        defer { Self.cleanUp(url) }
        let error = Self.fileError(url) { _ = try StateDict(contentsOf: url) }
        #expect(error?.problem == .corrupt(error?.problem.reason ?? ""), "\(error?.line ?? "")")
        #expect(error?.line.contains("duplicate zip entry") == true, "\(error?.line ?? "")")
        #expect(error?.line.contains(names[1]) == true, "names the entry: \(error?.line ?? "")")
    }
}

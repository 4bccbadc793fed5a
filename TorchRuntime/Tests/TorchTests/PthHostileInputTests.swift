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
        #expect(error?.problem == .unsupported(error?.problem.reason ?? ""), "\(error?.line ?? "")")
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

// MARK: Item 6: nesting, recursion and the memo

extension PthHostileInputTests {
    /// Lists created first and nested afterwards through the memo (so no running depth count sees the nesting
    /// grow): 2,000 levels, refused the same way.
    @Test func deepNestingBuiltThroughTheMemoIsRefused() throws {
        var program = PickleProgram()
        let levels = 2000
        for index in 0..<levels {
            program.raw([0x5D, 0x72] + Self.uint32(index))  // EMPTY_LIST, LONG_BINPUT index
        }
        for index in 0..<levels - 1 {
            // LONG_BINGET index, LONG_BINGET index + 1, APPEND: list[index].append(list[index + 1])
            program.raw([0x6A] + Self.uint32(index) + [0x6A] + Self.uint32(index + 1) + [0x61])
        }
        program.raw([0x7D])  // EMPTY_DICT
        program.string("w")
        program.raw([0x6A] + Self.uint32(0) + [0x73, 0x2E])  // LONG_BINGET 0, SETITEM, STOP
        let url = try Self.file("memo-nesting.pth", try pthArchive(pickle: program.bytes))
        defer { Self.cleanUp(url) }
        let error = Self.fileError(url) { _ = try Torch.load(from: url) }
        #expect(error?.line.contains("nested deeper than 1000 levels") == true, "\(error?.line ?? "")")
    }

    /// A list that contains itself (`l.append(l)`, which Python pickles and `torch.load` returns) has no value
    /// here: refused, not followed forever.
    @Test func aListContainingItselfIsRefused() throws {
        let pickle = PickleProgram.dict([("w", { $0.raw([0x5D, 0x71, 0, 0x68, 0, 0x61]) })])  // l = []; l.append(l)
        let url = try Self.file("recursive.pth", try pthArchive(pickle: pickle))
        defer { Self.cleanUp(url) }
        let error = Self.fileError(url) { _ = try Torch.load(from: url) }
        #expect(error?.problem == .unsupported(error?.problem.reason ?? ""))
        #expect(error?.line.contains("contains itself") == true, "\(error?.line ?? "")")
        let stateDictError = Self.fileError(url) { _ = try StateDict(contentsOf: url) }
        #expect(stateDictError?.line.contains("contains itself") == true)
    }

    /// A "billion laughs" pickle: seven lists, each holding ten references to the previous one, stand for 10^7
    /// values in 200 bytes. Beyond `SavedValue.maxRepeatedValues` repeated values, refused.
    @Test func memoRepetitionBeyondTheLimitIsRefused() throws {
        func laughs(_ levels: Int) -> [UInt8] {
            var program = PickleProgram()
            program.raw([0x5D, 0x71, 0, 0x28] + [UInt8](repeating: 0x4E, count: 10) + [0x65])  // [None] * 10
            for level in 1...levels {
                // EMPTY_LIST, MARK, BINGET level-1 × 10, APPENDS, BINPUT level
                program.raw(
                    [0x5D, 0x28] + (0..<10).flatMap { _ in [0x68, UInt8(level - 1)] } + [0x65, 0x71, UInt8(level)])
            }
            program.raw([0x2E])
            return program.bytes
        }
        let url = try Self.file("laughs.pth", try pthArchive(pickle: laughs(7)))
        defer { Self.cleanUp(url) }
        #expect(try Data(contentsOf: url).count < 1024)
        let error = Self.fileError(url) { _ = try Torch.load(from: url) }
        #expect(error?.line.contains("beyond 1000000 more values") == true, "\(error?.line ?? "")")
        // Four levels (10^5 values) are within the limit: the repeated list is one shared value.
        let smaller = try Torch.load(data: try pthArchive(pickle: laughs(4)))
        #expect(smaller.elements?.count == 10)
        #expect(smaller.elements?[9].elements?[9].elements?[9].elements?[9].elements?.count == 10)
    }

    static func uint32(_ value: Int) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}

// MARK: Item 7: views against their storages and the model

extension PthHostileInputTests {
    /// Loading the 160 GB view into a model is refused by its shape before any tensor is built, in one line naming
    /// the file; nothing is copied into the model.
    @Test func aFileThatDoesNotFitTheModelIsRefusedBeforeAnythingIsBuilt() throws {
        let model = try withGlobalGenerator { try Sequential(Linear(inFeatures: 2, outFeatures: 3), ReLU()) }
        let before = try model.parameters().map { try $0.floats() }
        let pickle = PickleProgram.dict([
            ("0.weight", { $0.tensor(key: "0", count: 1, shape: [200_000, 200_000], strides: [0, 0]) }),
            ("0.bias", { $0.tensor(key: "1", count: 3, shape: [3], strides: [1]) }),
        ])
        let url = try Self.file(
            "mismatch.pth",
            try pthArchive(pickle: pickle, storages: [("0", floatBytes([1])), ("1", floatBytes([1, 2, 3]))]))
        defer { Self.cleanUp(url) }
        let error = Self.fileError(url) { try model.loadStateDict(contentsOf: url) }
        #expect(
            error?.problem
                == .mismatched(
                    "the state dict does not fit Sequential: 0.weight has shape [200000, 200000], the model's [3, 2]"))
        #expect(try model.parameters().map { try $0.floats() } == before, "nothing copied")

        // The same entry points load a file that fits.
        let good = PickleProgram.dict([
            ("0.weight", { $0.tensor(key: "0", count: 1, shape: [3, 2], strides: [0, 0]) }),
            ("0.bias", { $0.tensor(key: "1", count: 3, shape: [3], strides: [1]) }),
        ])
        try pthArchive(pickle: good, storages: [("0", floatBytes([0.5])), ("1", floatBytes([1, 2, 3]))]).write(to: url)
        try model.loadStateDict(contentsOf: url)
        #expect(try model.parameters().map { try $0.floats() } == [[0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [1, 2, 3]])
    }

    /// Views are checked as PyTorch's `set_` checks them; storages against their records.
    @Test(arguments: [
        // (shape, strides, offset, storage elements declared, record elements, expected error or nil)
        ViewCase([5], [1], 0, 4, 4, "reaches past its storage of 4 elements"),
        ViewCase([2, 2], [2, 1], 1, 4, 4, "reaches past its storage"),
        ViewCase([1 << 32, 1 << 32], [0, 0], 0, 1, 1, "element count overflows"),
        ViewCase([1 << 62, 4, 0], [1, 1, 1], 0, 4, 4, "element count overflows"),
        ViewCase([2], [1 << 62], 0, 4, 4, "storage extent overflows"),
        ViewCase([4], [-1], 3, 4, 4, "storage extent overflows"),
        ViewCase([2, 2], [1], 0, 4, 4, "size and stride ranks differ"),
        ViewCase([1], [1], -1, 4, 4, "negative offset or size"),
        ViewCase([4], [1], 0, 4, 1, "holds 4 bytes, 16 declared (truncated?)"),
        ViewCase([4], [1], 0, 1 << 61, 4, "invalid size"),
        // Found by the differential test: PyTorch's sizes and strides are SymInts, which stop at -2^62.
        ViewCase([0, 2], [Int.min, 1], 0, 4, 4, "below -2^62"),
        // Accepted, as by torch.load: a one-element dimension ignores its stride, an empty view needs no storage.
        ViewCase([1, 3], [-1, 1], 1, 4, 4, nil),
        ViewCase([0, 1 << 62], [1, 1 << 62], 1 << 62, 4, 4, nil),
        ViewCase([2_147_483_648, 2_147_483_648], [0, 0], 3, 4, 4, nil),
    ])
    func viewsAreCheckedAgainstTheirStorages(_ view: ViewCase) throws {
        let pickle = PickleProgram.dict([
            (
                "w",
                {
                    $0.tensor(
                        key: "0", count: view.declared, offset: view.offset, shape: view.shape, strides: view.strides)
                }
            )
        ])
        let data = try pthArchive(
            pickle: pickle, storages: [("0", floatBytes((0..<view.recorded).map { Float($0) + 1 }))])
        let url = try Self.file("view.pth", data)
        defer { Self.cleanUp(url) }
        guard let expected = view.error else {
            let tensor = try #require(try StateDict(contentsOf: url)["w"])
            #expect(tensor.shape == view.shape)
            if view.shape == [1, 3] { #expect(try tensor.floats() == [2, 3, 4]) }
            if tensor.count > 1000 { #expect(try tensor.select(dim: 0, index: 7).select(dim: 0, index: 9).item() == 4) }
            return
        }
        let error = Self.fileError(url) { _ = try StateDict(contentsOf: url) }
        #expect(error?.problem == .corrupt(error?.problem.reason ?? ""), "\(error?.line ?? "")")
        #expect(error?.line.contains(expected) == true, "\(view): \(error?.line ?? "")")
    }

    struct ViewCase: CustomTestStringConvertible, Sendable {
        var shape: [Int]
        var strides: [Int]
        var offset: Int
        var declared: Int
        var recorded: Int
        var error: String?

        init(_ shape: [Int], _ strides: [Int], _ offset: Int, _ declared: Int, _ recorded: Int, _ error: String?) {
            (self.shape, self.strides, self.offset, self.declared, self.recorded, self.error) =
                (shape, strides, offset, declared, recorded, error)
        }

        var testDescription: String { "\(shape) \(strides) +\(offset) over \(declared)/\(recorded)" }
    }
}

// MARK: Item 8: the archive's layout, as PyTorch's reader checks it

extension PthHostileInputTests {
    @Test func theArchiveLayoutIsCheckedAsPyTorchChecksIt() throws {
        let pickle = PickleProgram.dict([])
        let cases: [(String, [(name: String, data: [UInt8])], String)] = [
            ("no-version.pth", [("archive/data.pkl", pickle)], "no version record"),
            ("old-version.pth", [("archive/data.pkl", pickle), ("archive/version", [0x30])], "version 0"),
            ("new-version.pth", [("archive/data.pkl", pickle), ("archive/version", Array("11\n".utf8))], "version 11"),
            ("bad-version.pth", [("archive/data.pkl", pickle), ("archive/version", Array("x".utf8))], "cannot parse"),
            ("no-folder.pth", [("data.pkl", pickle), ("version", [0x33])], "not in a folder"),
            ("stray.pth", [("archive/data.pkl", pickle), ("other/version", [0x33])], "outside the archive's folder"),
            (
                "big-endian.pth",
                [("archive/data.pkl", pickle), ("archive/byteorder", Array("big".utf8)), ("archive/version", [0x33])],
                "byte order big"
            ),
        ]
        for (name, files, expected) in cases {
            let url = try Self.file(name, try StoredZipArchive.archive(files))
            defer { Self.cleanUp(url) }
            let error = Self.fileError(url) { _ = try Torch.load(from: url) }
            #expect(error?.line.contains(expected) == true, "\(name): \(error?.line ?? "")")
        }
        // What PyTorch accepts: " 3junk" reads as version 3 (strtoull), names in any ASCII case.
        let lenient = try StoredZipArchive.archive([
            (
                "archive/DATA.PKL",
                PickleProgram.dict([("w", { $0.tensor(key: "0", count: 1, shape: [], strides: []) })])
            ),
            ("archive/Data/0", floatBytes([2.5])), ("archive/version", Array(" 3junk".utf8)),
        ])
        #expect(try Torch.load(data: lenient)["w"]?.tensorValue?.item() == 2.5)
    }
}

// MARK: Found by the differential test (PthDifferentialTests)

extension PthHostileInputTests {
    /// Python hashes a dict key when it is stored, even in a dict the value never shows (an OrderedDict's
    /// `_metadata`): a list key is an error there, so it is one here.
    @Test func anUnhashableKeyInAnyDictIsRefused() throws {
        let pickle = PickleProgram.dict([
            (
                "w",
                { program in
                    program.global("collections", "OrderedDict")
                    // OrderedDict(), then BUILD with {"_metadata": {[]: 1}}
                    program.raw([0x29, 0x52, 0x7D])
                    program.string("_metadata")
                    program.raw([0x7D, 0x5D, 0x4B, 1, 0x73, 0x73, 0x62])
                }
            )
        ])
        let url = try Self.file("unhashable.pth", try pthArchive(pickle: pickle))
        defer { Self.cleanUp(url) }
        let error = Self.fileError(url) { _ = try Torch.load(from: url) }
        #expect(error?.line.contains("unhashable dict key (a list)") == true, "\(error?.line ?? "")")
    }

    /// PyTorch loads a storage key once: a later declaration alike reads the same storage; one that differs (which
    /// torch.load silently ignores) is refused, and so is torch 2.x's seventh `_rebuild_tensor_v2` argument, which
    /// torch 1.13 refuses.
    @Test func storageDeclarationsAndRebuildArgumentsAreCheckedAsTorchDoes() throws {
        let storages = [("0", floatBytes([1, 2, 3, 4]))]
        let alike = PickleProgram.dict([
            ("a", { $0.tensor(key: "0", count: 4, shape: [2], strides: [1]) }),
            ("b", { $0.tensor(key: "0", count: 4, offset: 2, shape: [2], strides: [1]) }),
        ])
        let value = try Torch.load(data: try pthArchive(pickle: alike, storages: storages))
        #expect(try value["b"]?.tensorValue?.floats() == [3, 4])
        #expect(value["a"]?.tensorValue?.storageLayout.storageID == value["b"]?.tensorValue?.storageLayout.storageID)

        let differing = PickleProgram.dict([
            ("a", { $0.tensor(key: "0", count: 4, shape: [2], strides: [1]) }),
            ("b", { $0.tensor(key: "0", storage: "IntStorage", count: 4, shape: [2], strides: [1]) }),
        ])
        let url = try Self.file("redeclared.pth", try pthArchive(pickle: differing, storages: storages))
        defer { Self.cleanUp(url) }
        let error = Self.fileError(url) { _ = try Torch.load(from: url) }
        #expect(error?.line.contains("storage data/0 declared twice") == true, "\(error?.line ?? "")")

        var seven = PickleProgram()
        seven.raw([0x7D])
        seven.string("w")
        seven.tensor(key: "0", count: 4, shape: [4], strides: [1])
        // Insert None as a seventh argument before the arguments' TUPLE (the last two opcodes are TUPLE, REDUCE).
        var bytes = seven.bytes
        bytes.insert(0x4E, at: bytes.count - 2)
        let sevenURL = try Self.file("seven.pth", try pthArchive(pickle: bytes + [0x73, 0x2E], storages: storages))
        defer { Self.cleanUp(sevenURL) }
        let sevenError = Self.fileError(sevenURL) { _ = try Torch.load(from: sevenURL) }
        #expect(sevenError?.line.contains("unexpected argument count 7") == true, "\(sevenError?.line ?? "")")
    }
}

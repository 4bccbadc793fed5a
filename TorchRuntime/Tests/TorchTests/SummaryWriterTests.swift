import Foundation
import Synchronization
import Testing

@testable import Torch

/// `SummaryWriter`'s event files: CRC-32C and TFRecord framing, the records next to PyTorch's own
/// (Fixtures/tensorboard_python, from make_tensorboard_fixtures.py), TensorBoard's reader finding every value, and
/// the writer's buffering, errors and rank-0 rule.
@Suite("TensorBoard SummaryWriter")
struct SummaryWriterTests {
    // MARK: Checksums and framing

    @Test func crc32cKnownVectors() {
        // RFC 3720 (iSCSI) B.4 and the usual check value.
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
    }

    @Test func maskedChecksumsMatchTensorBoards() {
        // tensorboard.compat.tensorflow_stub.pywrap_tensorflow.masked_crc32c of the same bytes.
        #expect(CRC32C.maskedChecksum([UInt8]()) == 0xA282_EAD8)
        #expect(CRC32C.maskedChecksum(Array("123456789".utf8)) == 0xC78A_B0E5)
        #expect(CRC32C.maskedChecksum(Array("a".utf8)) == 0x28E4_6E78)
        #expect(CRC32C.maskedChecksum([UInt8](repeating: 0, count: 32)) == 0x0FD7_FFFA)
    }

    @Test func aRecordIsLengthCRCDataCRC() throws {
        let record = TFRecord.frame(Array("123456789".utf8))
        #expect(record.count == 9 + 16)
        #expect(Array(record[0..<8]) == [9, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(record[8..<12]) == [0x37, 0xF9, 0x71, 0x39])  // masked CRC of the length: 0x3971F937
        #expect(Array(record[12..<21]) == Array("123456789".utf8))
        #expect(Array(record[21..<25]) == [0xE5, 0xB0, 0x8A, 0xC7])  // masked CRC of the data: 0xC78AB0E5
        #expect(try TFRecordFile.records(in: record).map(\.data) == [Array("123456789".utf8)])
    }

    // MARK: Next to PyTorch's writer

    /// Fixtures/make_tensorboard_fixtures.py's calls, with its clock.
    static let fixtureWallTime = 1_700_000_000.25
    static let fixtureEpochs: [(Double, Double, Double, Double)] = [
        (1.0986122886681098, 1.0912345, 0.3125, 0.25),
        (0.9876543210123, 1.0001, 0.5, 0.4166666666666667),
        (0.5, 0.75, 0.875, 0.0),
    ]

    @Test func pythonWritesTheSameRecords() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock: @Sendable () -> Double = { Self.fixtureWallTime }
        let writer = try SummaryWriter(
            logDir: directory.appendingPathComponent("run"), purgeStep: nil, maxQueue: 10, flushSecs: 120,
            filenameSuffix: "", clock: clock)
        for (epoch, (trainLoss, testLoss, trainAcc, testAcc)) in Self.fixtureEpochs.enumerated() {
            try writer.addScalars("Loss", ["train_loss": trainLoss, "test_loss": testLoss], globalStep: epoch)
            try writer.addScalars("Accuracy", ["train_acc": trainAcc, "test_acc": testAcc], globalStep: epoch)
        }
        try writer.addScalar("learning_rate", 0.001, globalStep: 2)
        try writer.addScalar("no_step", 0.0)
        try writer.addScalar("Loss/negative", -1.5, globalStep: -3, walltime: 12.5)
        try writer.addScalars("a/b", ["c": 2.0], globalStep: 1 << 40)
        try writer.close()
        let resumed = try SummaryWriter(
            logDir: directory.appendingPathComponent("resumed"), purgeStep: 2, maxQueue: 10, flushSecs: 120,
            filenameSuffix: "", clock: clock)
        try resumed.addScalar("Loss", 0.25, globalStep: 2)
        try resumed.close()

        let python = try Self.eventFiles(under: fixturesDirectory.appendingPathComponent("tensorboard_python"))
        let swift = try Self.eventFiles(under: directory)
        #expect(python.count == 7)
        #expect(swift.keys.sorted() == python.keys.sorted())
        for (folder, pythonFile) in python {
            let swiftFile = try #require(swift[folder])
            let theirs = try TFRecordFile.records(in: Array(Data(contentsOf: pythonFile)))
            let ours = try TFRecordFile.records(in: Array(Data(contentsOf: swiftFile)))
            try #require(ours.count == theirs.count, "\(folder): \(ours.count) records, PyTorch wrote \(theirs.count)")
            // Every record after the first, framing included, is PyTorch's byte for byte.
            for index in 1..<ours.count {
                #expect(ours[index].framed == theirs[index].framed, "\(folder): record \(index) differs")
            }
            // The first: the same wall_time and file_version, then source_metadata naming each writer.
            let head = 9 + 15
            #expect(Array(ours[0].data.prefix(head)) == Array(theirs[0].data.prefix(head)), "\(folder)")
            #expect(
                Array(theirs[0].data.dropFirst(head))
                    == Self.sourceMetadata("tensorboard.summary.writer.event_file_writer"))
            #expect(Array(ours[0].data.dropFirst(head)) == Self.sourceMetadata("Torch.SummaryWriter"))
        }
    }

    /// Event field 10, `SourceMetadata{writer: name}`.
    static func sourceMetadata(_ name: String) -> [UInt8] {
        [0x52, UInt8(name.utf8.count + 2), 0x0A, UInt8(name.utf8.count)] + Array(name.utf8)
    }

    /// Each folder's one event file, by the folder's path relative to `root`.
    static func eventFiles(under root: URL) throws -> [String: URL] {
        var files: [String: URL] = [:]
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        for case let url as URL in enumerator where url.lastPathComponent.hasPrefix("events.out.tfevents.") {
            let folder = String(url.deletingLastPathComponent().path.dropFirst(root.path.count + 1))
            #expect(files[folder] == nil, "two event files in \(folder)")
            files[folder] = url
        }
        return files
    }

    // MARK: TensorBoard's reader

    @Test(.enabled(if: interopPython != nil, interopPythonMissing))
    func tensorBoardReadsEveryValue() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let logDir = directory.appendingPathComponent("runs/tinyvgg")
        let writer = try SummaryWriter(logDir: logDir)
        var expected: [String: [String: [(step: Int, value: Double)]]] = [:]
        func log(_ run: String, _ tag: String, _ step: Int, _ value: Double) {
            expected[run, default: [:]][tag, default: []].append((step, Double(Float(value))))
        }
        // The next lesson's logging: loss and accuracy per epoch, train and test, through add_scalars.
        for epoch in 0..<5 {
            let trainLoss = 1.1 / Double(epoch + 1) + 0.012_345_678_9
            let testLoss = 1.2 / Double(epoch + 1) - 0.000_000_123
            let trainAcc = Double(epoch + 1) / 7
            let testAcc = Double(epoch) / 3
            try writer.addScalars("Loss", ["train_loss": trainLoss, "test_loss": testLoss], globalStep: epoch)
            try writer.addScalars("Accuracy", ["train_acc": trainAcc, "test_acc": testAcc], globalStep: epoch)
            log("Loss_train_loss", "Loss", epoch, trainLoss)
            log("Loss_test_loss", "Loss", epoch, testLoss)
            log("Accuracy_train_acc", "Accuracy", epoch, trainAcc)
            log("Accuracy_test_acc", "Accuracy", epoch, testAcc)
            try writer.flush()
        }
        // add_scalar, a tensor's value, a diverging run's values, extreme steps.
        try writer.addScalar("lr", 1e-3, globalStep: 0)
        try writer.addScalar("loss_tensor", Tensor([0.123_456_789] as [Float], shape: []), globalStep: 1)
        try writer.addScalar("diverged", .nan, globalStep: 2)
        try writer.addScalar("diverged", .infinity, globalStep: 3)
        try writer.addScalar("diverged", -.infinity, globalStep: 4)
        try writer.addScalar("big_step", 3.0e38, globalStep: Int(Int64.max))
        log(".", "lr", 0, 1e-3)
        log(".", "loss_tensor", 1, Double(Float(0.123_456_789)))
        log(".", "diverged", 2, .nan)
        log(".", "diverged", 3, .infinity)
        log(".", "diverged", 4, -.infinity)
        log(".", "big_step", Int(Int64.max), 3.0e38)
        try writer.close()

        let read = try Self.readWithTensorBoard(logDir)
        #expect(read.keys.sorted() == expected.keys.sorted())
        for (run, tags) in expected {
            #expect(read[run]?.keys.sorted() == tags.keys.sorted(), "\(run)")
            for (tag, values) in tags {
                let found = read[run]?[tag] ?? []
                #expect(found.map(\.step) == values.map(\.step), "\(run) \(tag)")
                #expect(found.count == values.count)
                for (got, want) in zip(found, values) {
                    #expect(
                        got.value.bitPattern == want.value.bitPattern || (got.value.isNaN && want.value.isNaN),
                        "\(run) \(tag) step \(want.step): TensorBoard read \(got.value), wrote \(want.value)")
                }
            }
        }
    }

    @Test(.enabled(if: interopPython != nil, interopPythonMissing))
    func aTornLastRecordLeavesTheRestReadable() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try SummaryWriter(logDir: directory)
        for epoch in 0..<3 {
            try writer.addScalars("Loss", ["train_loss": Double(epoch) + 0.5], globalStep: epoch)
            try writer.addScalar("epoch", Double(epoch), globalStep: epoch)
        }
        try writer.flush()
        // A crash in the middle of the next write: half a record at the end of each file. The writer stays open.
        let torn = Array(
            TFRecord.frame(
                TensorBoardEvent(wallTime: 1, content: .scalars([.init(tag: "epoch", simpleValue: 9)])).serialized()
            ).prefix(20))
        for file in try Self.eventFiles(under: directory).values {
            let handle = try FileHandle(forWritingTo: file)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(torn))
            try handle.close()
        }
        let read = try Self.readWithTensorBoard(directory)
        #expect(read["."]?["epoch"]?.map(\.value) == [0, 1, 2])
        #expect(read["Loss_train_loss"]?["Loss"]?.map(\.value) == [0.5, 1.5, 2.5])
        #expect(read["Loss_train_loss"]?["Loss"]?.map(\.step) == [0, 1, 2])
    }

    /// Every scalar TensorBoard's EventAccumulator reads under `logDir`, by run folder and tag.
    static func readWithTensorBoard(_ logDir: URL) throws -> [String: [String: [(step: Int, value: Double)]]] {
        struct Output: Decodable {
            struct Scalar: Decodable {
                var step: Int
                var value: String
            }
            var runs: [String: [String: [Scalar]]]
        }
        let python = try #require(interopPython)
        let script = fixturesDirectory.appendingPathComponent("read_tensorboard_events.py").path
        let result = try runProcess(python, [script, logDir.path])
        try #require(result.status == 0, "read_tensorboard_events.py failed: \(result.output)")
        let output = try JSONDecoder().decode(Output.self, from: Data(result.output.utf8))
        return try output.runs.mapValues { tags in
            try tags.mapValues { scalars in
                try scalars.map { (step: $0.step, value: try #require(Double($0.value), "\($0.value)")) }
            }
        }
    }

    // MARK: Files, buffering, errors

    @Test func filesAreNamedAsTensorBoardNamesThem() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try SummaryWriter(logDir: directory, filenameSuffix: ".v2")
        try writer.addScalars("Loss/all", ["train": 1], globalStep: 0)
        try writer.close()
        let files = try Self.eventFiles(under: directory)
        #expect(
            files.keys.sorted() == [".", "Loss_all_train"].sorted() || files.keys.sorted() == ["", "Loss_all_train"])
        let pid = ProcessInfo.processInfo.processIdentifier
        for file in files.values {
            let parts = file.lastPathComponent.split(separator: ".", omittingEmptySubsequences: false)
            // events.out.tfevents.<10-digit time>.<host>.<pid>.<n>.v2 (a host name may hold dots)
            #expect(parts.prefix(3) == ["events", "out", "tfevents"])
            #expect(parts[3].count == 10 && parts[3].allSatisfy(\.isNumber))
            #expect(parts.suffix(3).first == Substring(String(pid)) && parts.last == "v2")
        }
    }

    @Test func eventsReachTheDiskWhenFlushed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = Mutex(100.0)
        let writer = try SummaryWriter(
            logDir: directory, purgeStep: nil, maxQueue: 3, flushSecs: 60, filenameSuffix: "",
            clock: { now.withLock { $0 } })
        let file = try #require(Self.eventFiles(under: directory).values.first)
        func recordsOnDisk() throws -> Int { try TFRecordFile.records(in: Array(Data(contentsOf: file))).count }
        #expect(try recordsOnDisk() == 1)  // the file-version event, written at once
        try writer.addScalar("a", 1, globalStep: 0)
        try writer.addScalar("a", 2, globalStep: 1)
        #expect(try recordsOnDisk() == 1)
        try writer.addScalar("a", 3, globalStep: 2)  // maxQueue reached
        #expect(try recordsOnDisk() == 4)
        try writer.addScalar("a", 4, globalStep: 3)
        #expect(try recordsOnDisk() == 4)
        now.withLock { $0 += 61 }
        try writer.addScalar("a", 5, globalStep: 4)  // the last flush is over flushSecs old
        #expect(try recordsOnDisk() == 6)
        try writer.addScalar("a", 6, globalStep: 5)
        try writer.flush()
        #expect(try recordsOnDisk() == 7)
        try writer.addScalar("a", 7, globalStep: 6)
        try writer.close()
        #expect(try recordsOnDisk() == 8)
        try writer.close()
    }

    @Test func closingThenAddingStartsNewFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try SummaryWriter(logDir: directory)
        try writer.addScalar("a", 1)
        try writer.close()
        try writer.addScalar("a", 2)
        try writer.flush()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names.count == 2 && names.allSatisfy { $0.hasPrefix("events.out.tfevents.") })
    }

    @Test func concurrentCallsAreAllWritten() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try SummaryWriter(logDir: directory)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for step in 0..<50 {
                try? writer.addScalar("worker\(worker)", Double(step), globalStep: step)
                try? writer.addScalars("Both", ["x": Double(step)], globalStep: worker * 100 + step)
            }
        }
        try writer.close()
        let files = try Self.eventFiles(under: directory)
        let main = try TFRecordFile.records(in: Array(Data(contentsOf: try #require(files["."] ?? files[""]))))
        let both = try TFRecordFile.records(in: Array(Data(contentsOf: try #require(files["Both_x"]))))
        #expect(main.count == 1 + 400 && both.count == 1 + 400)
    }

    @Test func tagsThatClimbOutOfTheLogFolderAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let logDir = directory.appendingPathComponent("log")
        let writer = try SummaryWriter(logDir: logDir)
        for tag in ["../../escaped", "a/../../escaped", "x/../.."] {
            let error = #expect(throws: TorchError.self) { try writer.addScalars("Loss", ["ok": 1, tag: 2]) }
            guard case .invalidArgument("SummaryWriter.add_scalars", _) = error else {
                Issue.record("\(tag): \(String(describing: error))")
                continue
            }
        }
        try writer.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["log"])
        // Refused before anything was written: no Loss_ok folder either.
        #expect(try Self.eventFiles(under: logDir).count == 1)
    }

    @Test func aLogFolderThatIsAFileIsAnErrorNamingIt() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        let error = #expect(throws: TorchError.self) { try SummaryWriter(logDir: file) }
        guard case .file(file.path, .cannotWrite(let reason)) = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(reason.contains("log folder"))
        #expect(try Data(contentsOf: file) == Data("x".utf8))
    }

    @Test func onlyRankZeroGetsAWriter() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let other = try SummaryWriter(logDir: directory.appendingPathComponent("rank1"), rank: 1)
        #expect(other == nil)
        try other?.addScalar("loss", 1)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("rank1").path))
        let first = try SummaryWriter(logDir: directory.appendingPathComponent("rank0"), rank: 0)
        try first?.addScalar("loss", 1)
        try first?.close()
        #expect(try Self.eventFiles(under: directory.appendingPathComponent("rank0")).count == 1)
    }
}

/// A TFRecord reader for the tests: each record's bytes, framing included, and its data, both CRCs checked.
enum TFRecordFile {
    struct Record {
        var framed: [UInt8]
        var data: [UInt8]
    }

    struct Corrupt: Error, CustomStringConvertible {
        var description: String
    }

    static func records(in bytes: [UInt8]) throws -> [Record] {
        func littleEndian(_ offset: Int, _ count: Int) -> UInt64 {
            (0..<count).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
        }
        var records: [Record] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 12 else { throw Corrupt(description: "torn header at \(offset)") }
            let length = Int(littleEndian(offset, 8))
            guard CRC32C.maskedChecksum(bytes[offset..<offset + 8]) == UInt32(littleEndian(offset + 8, 4)) else {
                throw Corrupt(description: "length CRC mismatch at \(offset)")
            }
            guard bytes.count - offset - 16 >= length else { throw Corrupt(description: "torn record at \(offset)") }
            let data = Array(bytes[offset + 12..<offset + 12 + length])
            guard CRC32C.maskedChecksum(data) == UInt32(littleEndian(offset + 12 + length, 4)) else {
                throw Corrupt(description: "data CRC mismatch at \(offset)")
            }
            records.append(Record(framed: Array(bytes[offset..<offset + 16 + length]), data: data))
            offset += 16 + length
        }
        return records
    }
}

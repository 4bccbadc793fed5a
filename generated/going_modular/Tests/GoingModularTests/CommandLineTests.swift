import Foundation
import Testing

/// Runs one of the package's executables (built beside the test binary) and captures what it printed.
struct ToolRun {
    var status: Int32
    var output: String
    var errors: String

    init(_ tool: String, _ arguments: [String]) throws {
        let folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let process = Process()
        process.executableURL = folder.appendingPathComponent(tool)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a chatty tool cannot block on a full pipe.
        let errData = Data.asyncRead(err.fileHandleForReading)
        output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        errors = String(decoding: errData(), as: UTF8.self)
        status = process.terminationStatus
    }
}

extension Data {
    /// Reads `handle` to its end on another thread; the returned function waits for and returns the bytes.
    fileprivate static func asyncRead(_ handle: FileHandle) -> () -> Data {
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            box.data = handle.readDataToEndOfFile()
            done.signal()
        }
        return {
            done.wait()
            return box.data
        }
    }
}

extension GoingModularTests {
    @Suite struct CommandLineTests {
        let trainDir = parityData.appendingPathComponent("train").path
        let testDir = parityData.appendingPathComponent("test").path

        @Test func badFlagsAreClearErrors() throws {
            let zero = try ToolRun("train", ["--batch-size", "0"])
            #expect(zero.status != 0)
            #expect(zero.errors.contains("--batch-size must be positive"))
            let unknown = try ToolRun("train", ["--bogus"])
            #expect(unknown.status != 0)
            #expect(unknown.errors.contains("--bogus"))
            let model = try ToolRun("train", ["--model", "resnet"])
            #expect(model.errors.contains("only 'tinyvgg'"))
            let predict = try ToolRun("predict", [])
            #expect(predict.status != 0)
            #expect(predict.errors.contains("--image"))
        }

        @Test func aMissingDataFolderIsAClearError() throws {
            let run = try ToolRun("train", ["--train-dir", "/nonexistent/train", "--test-dir", testDir])
            #expect(run.status == 1)
            #expect(run.errors.contains("data folder not found: /nonexistent/train"))
            #expect(!run.errors.contains("Fatal error"))
        }

        @Test func trainsSavesPredictsAndResumes() throws {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let straight = folder.appendingPathComponent("straight").path
            let interrupted = folder.appendingPathComponent("interrupted").path
            // The lesson's own flag spellings.
            let flags = [
                "--train_dir", trainDir, "--test_dir", testDir, "--batch_size", "8", "--hidden_units", "6",
                "--learning_rate", "0.003", "--threads", "1", "--workers", "2",
            ]
            let full = try ToolRun("train", flags + ["--num_epochs", "3", "--model-dir", straight])
            #expect(full.status == 0, "\(full.errors)")
            let epochLines = full.output.split(separator: "\n").filter { $0.hasPrefix("Epoch: ") }
            #expect(epochLines.count == 3)
            #expect(epochLines.first?.contains(" | train_loss: ") == true)
            let model = straight + "/05_going_modular_script_mode_tinyvgg_model.pth"
            #expect(full.output.contains("[INFO] Saving model to: \(model)"))
            for suffix in [".pth", ".json", ".metrics.json", ".curves.svg"] {
                let path = straight + "/05_going_modular_script_mode_tinyvgg_model" + suffix
                #expect(FileManager.default.fileExists(atPath: path), "\(path)")
            }

            // Two epochs, then a resumed run to three: it keeps the first two epochs' metrics and adds the third.
            let first = try ToolRun("train", flags + ["--num-epochs", "2", "--model-dir", interrupted])
            #expect(first.status == 0, "\(first.errors)")
            let resumed = try ToolRun("train", flags + ["--num-epochs", "3", "--model-dir", interrupted, "--resume"])
            #expect(resumed.status == 0, "\(resumed.errors)")
            #expect(resumed.output.contains("[INFO] Resuming after epoch 2"))
            let firstLines = first.output.split(separator: "\n").filter { $0.hasPrefix("Epoch: ") }
            let resumedLines = resumed.output.split(separator: "\n").filter { $0.hasPrefix("Epoch: ") }
            #expect(resumedLines.count == 3)
            #expect(Array(resumedLines.prefix(2)) == firstLines)
            #expect(Array(firstLines) == Array(epochLines.prefix(2)))  // the same seed gives the same run
            let metrics = try JSONDecoder().decode(
                [String: [Double]].self,
                from: Data(
                    contentsOf: URL(fileURLWithPath: interrupted)
                        .appendingPathComponent("05_going_modular_script_mode_tinyvgg_model.metrics.json")))
            #expect(metrics["train_loss"]?.count == 3)

            let image = parityData.appendingPathComponent("test/bag/00.jpg").path
            let predict = try ToolRun("predict", ["--image", image, "--model-path", model])
            #expect(predict.status == 0, "\(predict.errors)")
            let line = predict.output.trimmingCharacters(in: .newlines)
            #expect(line.wholeMatch(of: /\[INFO\] Pred class: (ankle_boot|bag|dress), Pred prob: [01]\.\d{3}/) != nil)

            let otherBatchSize = flags.map { $0 == "8" ? "4" : $0 }
            let mismatch = try ToolRun(
                "train", otherBatchSize + ["--num-epochs", "3", "--model-dir", interrupted, "--resume"])
            #expect(mismatch.status != 0)
            #expect(mismatch.errors.contains("cannot resume"))
        }

        @Test func predictNeedsATrainedModel() throws {
            let image = parityData.appendingPathComponent("test/bag/00.jpg").path
            let run = try ToolRun("predict", ["--image", image, "--model-path", "/nonexistent/model.pth"])
            #expect(run.status == 1)
            #expect(run.errors.contains("/nonexistent/model.json"))
        }
    }
}

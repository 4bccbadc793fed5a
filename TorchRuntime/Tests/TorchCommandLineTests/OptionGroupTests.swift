import ArgumentParser
import Foundation
import Testing
import Torch
import TorchCommandLine

/// The option groups parse torchrun's flags and check each value once, in one line naming the flag.
@Suite struct OptionGroupTests {
    struct Command: ParsableCommand {
        @Option(parsing: .unconditional, transform: inRange(1...65_536)) var batchSize = 32
        @Option(transform: positiveNumber) var lr = 0.001
        @Option var device: DeviceChoice = .auto
        @OptionGroup var distributed: DistributedOptions
        @OptionGroup var checkpoints: CheckpointOptions
        @OptionGroup var speed: PerformanceOptions
        @OptionGroup var tracking: TrackingOptions
    }

    func message(_ arguments: [String]) -> String {
        do {
            _ = try Command.parse(arguments)
            return "parsed"
        } catch {
            return Command.message(for: error)
        }
    }

    @Test func parsesTheDefaultsAndTorchrunsSpellings() throws {
        let command = try Command.parse([])
        #expect(command.batchSize == 32 && command.device == .auto && !command.checkpoints.resume)
        #expect(command.speed.memoryFormat == .channelsLast && command.speed.cache && !command.speed.fastDecode)
        let launch = try command.distributed.configuration()
        #expect(launch.processesPerNode == nil && launch.isStandalone && launch.timeout == .seconds(30))
        let spread = try Command.parse([
            "--nproc_per_node", "2", "--nnodes", "2", "--node_rank", "1", "--master_addr", "10.0.0.1",
            "--memory-format", "contiguous", "--no-cache", "--resume", "--device", "cuda:1",
        ])
        let configuration = try spread.distributed.configuration()
        #expect(configuration.processesPerNode == 2 && configuration.nodeRank == 1 && !configuration.isStandalone)
        #expect(configuration.masterAddress == "10.0.0.1" && configuration.masterPort == nil)
        #expect(spread.speed.memoryFormat == .contiguous && !spread.speed.cache && spread.checkpoints.resume)
        #expect(spread.device == .exactly(.cuda(1)))
        #expect(command.tracking.logDir == nil && !command.tracking.summary)
        let tracked = try Command.parse(["--log-dir", "runs/tinyvgg", "--summary"])
        #expect(tracked.tracking.logDir == "runs/tinyvgg" && tracked.tracking.summary)
    }

    @Test(arguments: [
        (
            ["--batch-size", "0"],
            "The value '0' is invalid for '--batch-size <batch-size>': must be a whole number between 1 and 65536"
        ),
        (["--batch-size", "-1"], "must be a whole number between 1 and 65536"),
        (["--lr", "nan"], "The value 'nan' is invalid for '--lr <lr>': must be a positive number"),
        (["--device", "tpu"], "The value 'tpu' is invalid for '--device <device>'"),
        (["--nproc-per-node", "0"], "--nproc-per-node must be between 1 and 1024, got 0"),
        (["--nnodes", "2"], "--nnodes 2 needs --master-addr"),
        (["--nnodes", "2", "--master-addr", "h", "--node-rank", "2"], "--node-rank must be between 0 and 1, got 2"),
        (["--master-port", "70000"], "--master-port must be between 1 and 65535, got 70000"),
        (["--dist-timeout", "0"], "--dist-timeout must be between 1 and 86400, got 0"),
        (["--memory-format", "nhwc"], "The value 'nhwc' is invalid for '--memory-format <memory-format>'"),
        (["--log-dir", ""], "--log-dir needs a folder"),
    ])
    func everyValueIsCheckedInOneLine(arguments: [String], expected: String) {
        let text = message(arguments)
        #expect(text.contains(expected), "\(arguments): \(text)")
        #expect(!text.contains("\n"), "\(text)")
    }

    @Test func launchConfigurationRefusesOutOfRangeValues() throws {
        #expect(throws: LaunchError.outOfRange(option: "--nnodes", range: 1...1024, value: 0)) {
            try LaunchConfiguration(nodes: 0)
        }
        #expect(throws: LaunchError.missingMasterAddress(nodes: 3)) { try LaunchConfiguration(nodes: 3) }
        // Several machines without --nproc-per-node run one rank each, as torchrun does.
        #expect(try LaunchConfiguration(nodes: 2, masterAddress: "10.0.0.1").processesPerNode == 1)
        #expect(try LaunchConfiguration().processesPerNode == nil)
    }

    /// `start` opens the TensorBoard writer before training (so a folder that cannot be written stops the run at
    /// once, in one line naming it) and hands the checkpointer to the observer.
    @Test func trackingStartsTheWriterBeforeTraining() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tracking-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try Linear(inFeatures: 2, outFeatures: 1)
        let checkpointer = Checkpointer(
            file: folder.appendingPathComponent("checkpoint.pth"), settings: ["seed": "1"],
            states: ["model": .module(model)])
        let plain = try Command.parse([]).tracking.start(checkpointer, model: model, inputSize: [4, 2])
        #expect(plain.writer == nil && plain.checkpointer?.file == checkpointer.file)
        let logDir = folder.appendingPathComponent("runs/a")
        let logging = try Command.parse(["--log-dir", logDir.path]).tracking.start(
            checkpointer, model: model, inputSize: [4, 2])
        #expect(logging.writer?.logDir == logDir)
        #expect(try FileManager.default.contentsOfDirectory(atPath: logDir.path).count == 1)  // the first event file
        let blocked = folder.appendingPathComponent("file")
        try Data().write(to: blocked)
        #expect {
            _ = try Command.parse(["--log-dir", blocked.appendingPathComponent("runs").path]).tracking.start(
                checkpointer, model: model, inputSize: [4, 2])
        } throws: { error in
            "\(error)".hasPrefix(blocked.appendingPathComponent("runs").path + ": ") && !"\(error)".contains("\n")
        }
    }

    @Test func theHelpSaysWhatAJobExposes() {
        let help = Command.helpMessage(columns: 200)
        #expect(help.contains("a single-machine job opens no network port"))
        #expect(help.contains("rank 0 listens on it on every interface"))
    }
}

import Foundation
import Testing
import Torch

/// The c10d/Gloo process group and data parallelism, with real processes on loopback: ranks of
/// `distributed-test-worker` (and the Python peer reference/ddp_peer.py) started with torchrun's variables.
@Suite(.serialized) struct DistributedTests {
    @Test func twoRanksAllReduceAndBroadcast() throws {
        let port = try freePort()
        let ranks = try (0..<2).map {
            try RankProcess(distributedWorker, ["collectives"], rank: $0, worldSize: 2, port: port)
        }
        for (rank, process) in ranks.enumerated() {
            let (status, output) = process.finish()
            #expect(status == 0, "rank \(rank): \(output)")
            #expect(output.contains("rank \(rank)/2 allreduce [3.0, 3.0, 3.0] broadcast [7.0, 8.0, 9.0]"), "\(output)")
        }
    }

    @Test func aPeerThatNeverComesFailsWithinTheTimeout() throws {
        let port = try freePort()
        let clock = ContinuousClock()
        let started = clock.now
        // Rank 0 hosts the store and waits for rank 1, which never comes.
        #expect {
            _ = try ProcessGroup(
                masterAddress: "127.0.0.1", masterPort: port, rank: 0, worldSize: 2, timeout: .seconds(2))
        } throws: { error in
            guard case TorchError.libtorch(let operation, let message) = error else { return false }
            return operation == "init_process_group" && !message.isEmpty
        }
        #expect(clock.now - started < .seconds(15))
        // Rank 1 looks for a store that no one hosts.
        let clientStarted = clock.now
        #expect(throws: TorchError.self) {
            _ = try ProcessGroup(
                masterAddress: "127.0.0.1", masterPort: try freePort(), rank: 1, worldSize: 2, timeout: .seconds(2))
        }
        #expect(clock.now - clientStarted < .seconds(15))
    }

    @Test func aDeadRankMakesTheOtherFail() throws {
        let port = try freePort()
        // Rank 1 never starts: rank 0 must give up with an error and a non-zero exit, not hang.
        let survivor = try RankProcess(
            distributedWorker, ["collectives"], rank: 0, worldSize: 2, port: port, extra: ["DIST_TEST_TIMEOUT_S": "3"])
        let (status, output) = survivor.finish()
        #expect(status != 0)
        #expect(output.contains("distributed-test-worker: "), "\(output)")
    }

    @Test func aRankKilledMidTrainingEndsTheJob() throws {
        let port = try freePort()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ranks = try (0..<2).map {
            try RankProcess(
                distributedWorker,
                [
                    "train", "--batch-size", "4", "--epochs", "100000000", "--out",
                    directory.appendingPathComponent("w").path,
                ],
                rank: $0, worldSize: 2, port: port)
        }
        Thread.sleep(forTimeInterval: 4)  // both ranks are training by now (joining takes about a second)
        #expect(ranks[0].process.isRunning && ranks[1].process.isRunning)
        let clock = ContinuousClock()
        let killed = clock.now
        kill(ranks[1].process.processIdentifier, SIGKILL)
        let (status, output) = ranks[0].finish()
        _ = ranks[1].finish()
        #expect(status == 1, "\(output)")
        #expect(output.contains("distributed-test-worker: "), "\(output)")
        #expect(clock.now - killed < .seconds(30))
    }

    @Test func environmentVariablesAreChecked() throws {
        #expect(
            throws: TorchError.invalidArgument(
                operation: "init_process_group(env://)", message: "environment variable MASTER_PORT is not set")
        ) {
            _ = try ProcessGroup.fromEnvironment(["MASTER_ADDR": "127.0.0.1", "RANK": "0", "WORLD_SIZE": "1"])
        }
        #expect(
            throws: TorchError.invalidArgument(
                operation: "init_process_group(env://)", message: "environment variable RANK=one is not an integer")
        ) {
            _ = try ProcessGroup.fromEnvironment(
                ["MASTER_ADDR": "127.0.0.1", "MASTER_PORT": "29500", "RANK": "one", "WORLD_SIZE": "1"])
        }
        #expect(
            throws: TorchError.invalidArgument(
                operation: "init_process_group", message: "rank 2 is outside 0..<2")
        ) {
            _ = try ProcessGroup(masterAddress: "127.0.0.1", masterPort: 29500, rank: 2, worldSize: 2)
        }
    }

    @Test func oneRankGroupIsItsOwnSum() throws {
        let group = try ProcessGroup(
            masterAddress: "127.0.0.1", masterPort: try freePort(), rank: 0, worldSize: 1, timeout: .seconds(10))
        let tensor = try Tensor([1, 2, 3] as [Float])
        try group.allReduceSum([tensor])
        try group.broadcast([tensor], from: 0)
        try group.barrier()
        #expect(try tensor.floats() == [1, 2, 3])
        #expect(group.rank == 0 && group.worldSize == 1)
    }

    /// W = 2 ranks with batch B end where 1 process with batch 2B ends, on the same permutation, whether the loop
    /// averages the gradients itself or leaves it to `DistributedOptimizer`.
    @Test(arguments: [false, true])
    func twoRanksMatchOneProcessWithTheDoubleBatch(distributedOptimizer: Bool) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let single = directory.appendingPathComponent("single.txt")
        let alone = try runProcess(distributedWorker, ["train", "--batch-size", "8", "--out", single.path])
        #expect(alone.status == 0, "\(alone.output)")
        let port = try freePort()
        let outputs = (0..<2).map { directory.appendingPathComponent("rank\($0).txt") }
        let ranks = try (0..<2).map {
            try RankProcess(
                distributedWorker,
                ["train", "--batch-size", "4", "--out", outputs[$0].path]
                    + (distributedOptimizer ? ["--distributed-optimizer"] : []),
                rank: $0, worldSize: 2, port: port)
        }
        for process in ranks {
            let (status, output) = process.finish()
            #expect(status == 0, "\(output)")
            #expect(output.contains("3 buckets, 92 bytes per step"), "\(output)")
        }
        let expected = try readWeights(single)
        #expect(expected.count == 23)
        for output in outputs {
            let weights = try readWeights(output)
            #expect(maxAbsDifference(weights, expected) <= 1e-5, "\(weights) vs \(expected)")
        }
    }

    @Test func distributedOptimizerNeedsTheModelsParameters() throws {
        let group = try ProcessGroup(
            masterAddress: "127.0.0.1", masterPort: try freePort(), rank: 0, worldSize: 1, timeout: .seconds(10))
        let model = try withGlobalGenerator { try Linear(inFeatures: 2, outFeatures: 1) }
        let other = try withGlobalGenerator { try Linear(inFeatures: 2, outFeatures: 1) }
        let parallel = try DistributedDataParallel(model, group: group)
        #expect(throws: TorchError.self) {
            try DistributedOptimizer(SGD(other.parameters(), lr: 0.1), parallel: parallel)
        }
        #expect(
            throws: TorchError.invalidArgument(
                operation: "DistributedDataParallel.averageGradients",
                message: "parameter weight has no gradient; run backward() first")
        ) { try parallel.averageGradients() }
        let optimizer = try DistributedOptimizer(SGD(model.parameters(), lr: 0.1), parallel: parallel)
        try optimizer.setLearningRate(0.25)
        #expect(optimizer.learningRate == 0.25 && optimizer.wrapped.learningRate == 0.25)
    }

    /// A Swift rank and a Python rank (torch.distributed's own env:// set-up) train together to the weights of one
    /// process with the double batch. The Swift side joins as `init_process_group` of the libtorch it is built
    /// against does: with Debian's Python 1.13 under `make test`, with the venv's Python 2.x (`TORCH_RUNTIME_PYTHON`)
    /// under `make test-torch2`, whose rank 0 hosts its store on libuv.
    @Test(.enabled(if: pythonWithTorch != nil, "needs /usr/bin/python3 (or TORCH_RUNTIME_PYTHON) with torch"))
    func swiftAndPythonRanksTrainTogether() throws {
        let python = try #require(pythonWithTorch)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try Self.singleProcessWeights(in: directory)
        let peer = referenceDirectory.appendingPathComponent("ddp_peer.py")
        // Both placements: Swift hosting the store as rank 0, then Python.
        for swiftRank in [0, 1] {
            let port = try freePort()
            let swiftOut = directory.appendingPathComponent("swift\(swiftRank).txt")
            let pythonOut = directory.appendingPathComponent("python\(swiftRank).txt")
            let swift = try RankProcess(
                distributedWorker, ["train", "--no-shuffle", "--batch-size", "4", "--out", swiftOut.path],
                rank: swiftRank, worldSize: 2, port: port)
            let pythonRank = try RankProcess(
                python, [peer.path, "--batch-size", "4", "--bucket-capacity", "8", "--out", pythonOut.path],
                rank: 1 - swiftRank, worldSize: 2, port: port)
            let swiftResult = swift.finish()
            let pythonResult = pythonRank.finish()
            #expect(swiftResult.status == 0, "Swift as rank \(swiftRank): \(swiftResult.output)")
            #expect(pythonResult.status == 0, "Python as rank \(1 - swiftRank): \(pythonResult.output)")
            let swiftWeights = try readWeights(swiftOut)
            let pythonWeights = try readWeights(pythonOut)
            #expect(swiftWeights.count == 23)
            #expect(maxAbsDifference(swiftWeights, pythonWeights) <= 1e-5, "\(swiftWeights) vs \(pythonWeights)")
            #expect(maxAbsDifference(swiftWeights, expected) <= 1e-5, "\(swiftWeights) vs \(expected)")
        }
    }

    /// The `stderr.log` files torchrun's `--log_dir` holds, each after its path.
    static func standardErrors(under folder: URL) -> String {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap {
            ($0 as? URL).flatMap { $0.lastPathComponent == "stderr.log" ? $0 : nil }
        }
        return (files ?? []).map { "\($0.path):\n" + ((try? String(contentsOf: $0, encoding: .utf8)) ?? "") }
            .joined(separator: "\n")
    }

    /// One process with the double batch, unshuffled: where two ranks of batch 4 must end.
    static func singleProcessWeights(in directory: URL) throws -> [Float] {
        let single = directory.appendingPathComponent("single.txt")
        let alone = try runProcess(
            distributedWorker, ["train", "--no-shuffle", "--batch-size", "8", "--out", single.path])
        try #require(alone.status == 0, "\(alone.output)")
        return try readWeights(single)
    }

    /// torchrun (of the same torch as the runtime: Debian's 1.13 under `make test`, the venv's 2.x under
    /// `make test-torch2`) starts one Swift rank and one Python rank in one job: its agent hosts the store
    /// (`TORCHELASTIC_USE_AGENT_STORE=True`), both ranks are its clients, and they train to the weights of one
    /// process with the double batch; with and without `TORCH_DIST_INIT_BARRIER=1` (the store barrier of 2.x).
    @Test(
        .enabled(if: pythonWithTorch != nil, "needs /usr/bin/python3 (or TORCH_RUNTIME_PYTHON) with torch"),
        arguments: [false, true])
    func torchrunStartsSwiftAndPythonRanksInOneJob(initBarrier: Bool) throws {
        let python = try #require(pythonWithTorch)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try Self.singleProcessWeights(in: directory)
        let peer = referenceDirectory.appendingPathComponent("ddp_peer.py")
        for swiftRank in [0, 1] {
            let outputs = (0..<2).map { directory.appendingPathComponent("rank\($0)-swift\(swiftRank).txt") }
            // Each rank runs this line: the Swift worker as rank `swiftRank`, ddp_peer.py as the other.
            func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            let dispatch = """
                if [ "$RANK" = \(swiftRank) ]; then exec \(quoted(distributedWorker.path)) train --no-shuffle \
                --batch-size 4 --out \(quoted(outputs[swiftRank].path)); else exec \(quoted(python.path)) \
                \(quoted(peer.path)) --batch-size 4 --bucket-capacity 8 --out \(quoted(outputs[1 - swiftRank].path)); fi
                """
            // Debian's torchrun needs --redirects/--tee on Python 3.11; the ranks' standard error goes to `logs`.
            let logs = directory.appendingPathComponent("logs-swift\(swiftRank)")
            let launched = try runProcess(
                URL(fileURLWithPath: "/usr/bin/env"),
                [
                    "TORCH_DIST_INIT_BARRIER=\(initBarrier ? 1 : 0)", python.path, "-m", "torch.distributed.run",
                    "--no_python", "--nproc_per_node", "2", "--redirects=2", "--tee=1", "--log_dir", logs.path,
                    "--master_port", String(try freePort()), "/bin/sh", "-c", dispatch,
                ])
            #expect(launched.status == 0, "\(launched.output)\n\(Self.standardErrors(under: logs))")
            let swiftWeights = try readWeights(outputs[swiftRank])
            let pythonWeights = try readWeights(outputs[1 - swiftRank])
            #expect(maxAbsDifference(swiftWeights, pythonWeights) <= 1e-5, "\(swiftWeights) vs \(pythonWeights)")
            #expect(maxAbsDifference(swiftWeights, expected) <= 1e-5, "\(swiftWeights) vs \(expected)")
        }
    }

    /// Under torchrun (`--no_python`: the agent hosts the store, ranks are its clients) two Swift ranks train to the
    /// weights of one process with the double batch.
    @Test(.enabled(if: pythonWithTorch != nil, "needs /usr/bin/python3 with torch"))
    func torchrunLaunchesSwiftRanks() throws {
        let python = try #require(pythonWithTorch)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let single = directory.appendingPathComponent("single.txt")
        let alone = try runProcess(distributedWorker, ["train", "--batch-size", "8", "--out", single.path])
        #expect(alone.status == 0, "\(alone.output)")
        // Debian's torchrun needs --redirects/--tee on Python 3.11.
        let launched = try runProcess(
            python,
            [
                "-m", "torch.distributed.run", "--no_python", "--nproc_per_node", "2", "--redirects=2", "--tee=1",
                "--master_port", String(try freePort()), distributedWorker.path, "train", "--batch-size", "4",
                "--out", directory.appendingPathComponent("rank{rank}.txt").path,
            ])
        #expect(launched.status == 0, "\(launched.output)")
        let expected = try readWeights(single)
        for rank in 0..<2 {
            let weights = try readWeights(directory.appendingPathComponent("rank\(rank).txt"))
            #expect(maxAbsDifference(weights, expected) <= 1e-5, "rank \(rank): \(weights) vs \(expected)")
        }
    }

    /// Two "hosts": the ranks live in two network namespaces joined by a veth pair, find each other through
    /// MASTER_ADDR (rank 0's address) and bind Gloo to their own interface (GLOO_SOCKET_IFNAME).
    @Test(.enabled(if: NamespacePair.available, "needs root and iproute2 to create network namespaces"))
    func ranksOnTwoHostsJoinedByAVethPair() throws {
        let hosts = try NamespacePair()
        defer { hosts.remove() }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let single = directory.appendingPathComponent("single.txt")
        let alone = try runProcess(distributedWorker, ["train", "--batch-size", "8", "--out", single.path])
        #expect(alone.status == 0, "\(alone.output)")
        let outputs = (0..<2).map { directory.appendingPathComponent("rank\($0).txt") }
        let ranks = try (0..<2).map {
            try RankProcess(
                NamespacePair.ip,
                [
                    "netns", "exec", hosts.names[$0], distributedWorker.path, "train", "--batch-size", "4", "--out",
                    outputs[$0].path,
                ],
                rank: $0, worldSize: 2, port: 29500,
                extra: ["MASTER_ADDR": hosts.addresses[0], "GLOO_SOCKET_IFNAME": hosts.interfaces[$0]])
        }
        for process in ranks {
            let (status, output) = process.finish()
            #expect(status == 0, "\(output)")
        }
        let expected = try readWeights(single)
        for output in outputs {
            #expect(maxAbsDifference(try readWeights(output), expected) <= 1e-5)
        }
    }
}

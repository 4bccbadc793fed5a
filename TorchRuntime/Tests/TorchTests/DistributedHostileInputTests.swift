import Foundation
import Testing
import Torch

/// Joining a process group fails closed: on time, in one line, without libtorch's own log, and a world size the
/// process cannot hold is refused before anything opens.
@Suite(.serialized) struct DistributedHostileInputTests {
    /// A lone rank 0 gives up after its timeout, not after twice it (c10d's wait for the store's clients, then
    /// Gloo's wait for their addresses, each took the whole timeout).
    @Test func aLoneRankZeroFailsAfterItsTimeout() throws {
        let clock = ContinuousClock()
        let started = clock.now
        #expect {
            _ = try ProcessGroup(
                masterAddress: "127.0.0.1", masterPort: try freePort(), rank: 0, worldSize: 2, timeout: .seconds(4))
        } throws: { error in
            // libtorch 1.13: our message; 2.x: c10d's ("Timed out after 3 seconds waiting for clients").
            let message = "\(error)"
            return message.contains("waiting for the other ranks: ")
                && message.hasSuffix("(the rendezvous timeout is 4s)") && !message.contains("\n")
        }
        let elapsed = clock.now - started
        #expect(elapsed >= .seconds(3) && elapsed < .seconds(6), "\(elapsed)")
    }

    /// `WORLD_SIZE=100000 RANK=0`: refused at once, in one line, before any socket opens.
    @Test func aWorldSizeBeyondTheOpenFileLimitIsRefused() throws {
        let limit = ProcessGroup.maximumWorldSize(hostingStore: true)
        let clock = ContinuousClock()
        let started = clock.now
        #expect {
            _ = try ProcessGroup(
                masterAddress: "127.0.0.1", masterPort: try freePort(), rank: 0, worldSize: 100_000,
                timeout: .seconds(30))
        } throws: { error in
            guard case TorchError.invalidArgument(let operation, let message) = error else { return false }
            return operation == "init_process_group" && message.contains("world size 100000 is more than")
                && message.contains("(ulimit -n): at most \(limit) ranks")
        }
        #expect(clock.now - started < .seconds(2))
        #expect(ProcessGroup.maximumWorldSize(hostingStore: false) >= limit)
    }

    /// A world size that fits but whose ranks never come still ends on time (no Gloo connections are built for the
    /// missing ranks, whose teardown took about 10 ms each).
    @Test func manyMissingRanksStillFailOnTime() throws {
        let clock = ContinuousClock()
        let started = clock.now
        #expect(throws: TorchError.self) {
            _ = try ProcessGroup(
                masterAddress: "127.0.0.1", masterPort: try freePort(), rank: 0,
                worldSize: min(3000, ProcessGroup.maximumWorldSize(hostingStore: true)), timeout: .seconds(3))
        }
        #expect(clock.now - started < .seconds(5))
    }

    /// A store no one hosts: one line from the rank, none of c10d's retry warnings; `TORCH_CPP_LOG_LEVEL=INFO`
    /// brings libtorch's log back.
    @Test func anUnreachableStoreIsOneLine() throws {
        let port = try freePort()
        let quiet = try RankProcess(
            distributedWorker, ["collectives"], rank: 1, worldSize: 2, port: port, extra: ["DIST_TEST_TIMEOUT_S": "3"])
        let (status, output) = quiet.finish()
        #expect(status == 1)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 1, "\(output)")
        #expect(
            lines.first?.hasPrefix("distributed-test-worker: init_process_group: connecting to the store: ") == true)
        let verbose = try RankProcess(
            distributedWorker, ["collectives"], rank: 1, worldSize: 2, port: port,
            extra: ["DIST_TEST_TIMEOUT_S": "3", "TORCH_CPP_LOG_LEVEL": "INFO"])
        #expect(verbose.finish().output.split(separator: "\n").count > 1)
    }

    /// Two ranks meet through a file store (what a single-machine launch uses): no port at all.
    @Test func ranksMeetThroughAFileStore() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store").path
        let ranks = try (0..<2).map {
            try RankProcess(
                distributedWorker, ["collectives"], rank: $0, worldSize: 2, port: 1,
                extra: ["TORCH_RUNTIME_STORE_FILE": store, "MASTER_ADDR": "", "MASTER_PORT": ""])
        }
        for (rank, process) in ranks.enumerated() {
            let (status, output) = process.finish()
            #expect(status == 0, "rank \(rank): \(output)")
            #expect(output.contains("rank \(rank)/2 allreduce [3.0, 3.0, 3.0]"), "\(output)")
        }
    }

    /// A rank whose launcher (TORCH_RUNTIME_LAUNCHER_PID) is not its parent any more stops at once.
    @Test func aRankWhoseLauncherIsGoneStops() throws {
        let process = try RankProcess(
            distributedWorker, ["collectives"], rank: 0, worldSize: 1, port: try freePort(),
            extra: ["TORCH_RUNTIME_LAUNCHER_PID": "1"])
        let (_, output) = process.finish()
        #expect(process.process.terminationReason == .uncaughtSignal && process.process.terminationStatus == SIGKILL)
        #expect(output.contains("its launcher (pid 1) is gone; stopping"), "\(output)")
    }
}

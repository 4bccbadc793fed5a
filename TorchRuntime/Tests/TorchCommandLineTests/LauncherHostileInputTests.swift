import Foundation
import Testing
import Torch

/// A launched job belongs to its user: a single-machine job opens no port another machine can reach, two jobs run
/// side by side, ranks end with their launcher, a closed standard output does not cost the run, and a thread count
/// libgomp cannot honour does not crash it.
@Suite(.serialized) struct LauncherHostileInputTests {
    /// Waits until `folder` holds `count` rank PID files; returns the PIDs.
    func rankPIDs(in folder: URL, count: Int, launcher: Process) throws -> [Int32] {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && launcher.isRunning {
            let pids = (0..<count).compactMap {
                (try? String(contentsOf: folder.appendingPathComponent("rank\($0).pid"), encoding: .utf8))
                    .flatMap { Int32($0) }
            }
            if pids.count == count { return pids }
            usleep(50_000)
        }
        throw CocoaError(.fileNoSuchFile)
    }

    func startWaitingJob(_ folder: URL, _ extra: [String] = []) throws -> Process {
        let launcher = Process()
        launcher.executableURL = testCommand
        launcher.arguments = ["--mode", "wait", "--out", folder.path, "--nproc-per-node", "2"] + extra
        launcher.standardOutput = FileHandle.nullDevice
        launcher.standardError = FileHandle.nullDevice
        try launcher.run()
        return launcher
    }

    /// Item 10: `--nproc-per-node 2` alone listens on nothing but loopback (a file store, Gloo on 127.0.0.1); the
    /// ranks' store file is in a folder only this user can open.
    @Test func aSingleMachineJobOpensNothingTheNetworkCanReach() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let launcher = try startWaitingJob(folder)
        defer {
            kill(launcher.processIdentifier, SIGTERM)
            launcher.waitUntilExit()
        }
        let ranks = try rankPIDs(in: folder, count: 2, launcher: launcher)
        let processes = [launcher.processIdentifier] + ranks
        let listening = processes.flatMap(listeningAddresses(of:))
        #expect(listening.allSatisfy(isLoopback), "listening on \(listening)")
        // The ranks talk to each other (Gloo), over loopback only.
        let connected = ranks.flatMap(connectedAddresses(of:))
        #expect(!connected.isEmpty && connected.allSatisfy(isLoopback), "connected on \(connected)")
        let environment = try String(contentsOfFile: "/proc/\(ranks[0])/environ", encoding: .utf8)
            .split(separator: "\0").map(String.init)
        let store = try #require(
            environment.first { $0.hasPrefix("TORCH_RUNTIME_STORE_FILE=") }?.split(separator: "=").last)
        let attributes = try FileManager.default.attributesOfItem(
            atPath: URL(fileURLWithPath: String(store)).deletingLastPathComponent().path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        #expect(!environment.contains { $0.hasPrefix("MASTER_PORT=") })
    }

    /// With `--master-port` the job is a multi-machine one: rank 0's store listens on every interface, as the help
    /// says.
    @Test func anExplicitPortIsTheNetworkRendezvous() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = try freePort()
        let launcher = try startWaitingJob(folder, ["--master-port", "\(port)"])
        defer {
            kill(launcher.processIdentifier, SIGTERM)
            launcher.waitUntilExit()
        }
        let ranks = try rankPIDs(in: folder, count: 2, launcher: launcher)
        let addresses = ranks.flatMap(listeningAddresses(of:))
        #expect(addresses.contains { $0.hasSuffix(":\(port)") && !isLoopback($0) }, "\(addresses)")
    }

    /// Item 11: two single-machine jobs at once both run (no shared default port).
    @Test func twoJobsOnOneMachineBothRun() throws {
        let jobs = try (0..<2).map { _ in
            let process = Process()
            process.executableURL = testCommand
            process.arguments = ["--mode", "sum", "--nproc-per-node", "2"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            return (process, out)
        }
        for (process, out) in jobs {
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(text == "rank 0 of 2: sum 3\n", "only rank 0 prints: \(text)")
        }
    }

    /// Item 12: a launcher killed with SIGKILL takes its ranks with it.
    @Test func ranksEndSoonAfterTheirLauncherIsKilled() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let launcher = try startWaitingJob(folder)
        let ranks = try rankPIDs(in: folder, count: 2, launcher: launcher)
        #expect(Set(childProcesses(of: launcher.processIdentifier)) == Set(ranks))
        kill(launcher.processIdentifier, SIGKILL)
        launcher.waitUntilExit()
        let deadline = Date().addingTimeInterval(5)
        while ranks.contains(where: isAlive) && Date() < deadline { usleep(50_000) }
        #expect(
            !ranks.contains(where: isAlive),
            "ranks still running after their launcher was killed: \(ranks.filter(isAlive))")
    }

    /// Item 15: `command | head -3` neither kills the run nor stops it: it finishes, writes its files, and says in
    /// its exit status (3) and one line that output was lost.
    @Test func aClosedStandardOutputDoesNotCostTheRun() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = testCommand
        process.arguments = ["--mode", "lines", "--count", "200", "--out", folder.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = ReadToEnd(err.fileHandleForReading)
        // Read three lines, then close the pipe as `head -3` does.
        var received = Data()
        while received.split(separator: UInt8(ascii: "\n")).count < 3 {
            received.append(out.fileHandleForReading.availableData)
        }
        try out.fileHandleForReading.close()
        process.waitUntilExit()
        let message = String(decoding: errors.wait(), as: UTF8.self)
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == StandardOutput.lostOutputStatus)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("done").path))
        #expect(message.split(separator: "\n").count == 1, "\(message)")
        #expect(message.contains("standard output was closed or full"), "\(message)")
    }

    /// Item 15 through the launcher: rank 0's lost output is the launcher's exit status too.
    @Test func aLaunchedJobReportsLostOutput() throws {
        let process = Process()
        process.executableURL = testCommand
        process.arguments = ["--mode", "sum", "--nproc-per-node", "2"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try out.fileHandleForReading.close()  // nothing will ever read it
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == StandardOutput.lostOutputStatus)
    }

    /// Item 16: `OMP_NUM_THREADS=99999` does not crash a Torch program inside libgomp: one warning line, then one
    /// thread per core.
    @Test(arguments: ["99999", "0", "-3", "many"])
    func anImpossibleThreadCountIsReplacedInOneLine(value: String) throws {
        let run = try CommandRun(["--mode", "threads"], environment: ["OMP_NUM_THREADS": value])
        #expect(run.reason == .exit && run.status == 0, "\(run.errors)")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(run.output == "threads \(cores) shape [4, 8, 62, 62]\n", "\(run.output)")
        #expect(
            run.errors
                == "warning: OMP_NUM_THREADS=\(value) is not a number between 1 and 1024: using \(cores) threads "
                + "(one per core)\n")
        let fine = try CommandRun(["--mode", "threads"], environment: ["OMP_NUM_THREADS": "1"])
        #expect(fine.output.hasPrefix("threads 1 ") && fine.errors.isEmpty)
    }
}

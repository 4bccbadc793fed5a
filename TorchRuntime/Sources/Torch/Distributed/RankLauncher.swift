import Foundation
import Synchronization

/// Starts this machine's ranks of a ``LaunchConfiguration`` as child processes of the running executable, like
/// `torchrun --nproc-per-node`, and watches them until they end.
struct RankLauncher {
    let configuration: LaunchConfiguration
    let processesPerNode: Int

    /// The variables of local rank `local`, added to `environment`; `storeFile` is the file store of a standalone
    /// job.
    func environment(forLocalRank local: Int, from environment: [String: String], storeFile: URL?)
        -> [String: String]
    {
        var variables = environment
        variables["RANK"] = "\(configuration.nodeRank * processesPerNode + local)"
        variables["WORLD_SIZE"] = "\(configuration.nodes * processesPerNode)"
        variables["LOCAL_RANK"] = "\(local)"
        variables["LOCAL_WORLD_SIZE"] = "\(processesPerNode)"
        variables["GROUP_RANK"] = "\(configuration.nodeRank)"
        variables[ProcessGroup.launcherVariable] = "\(getpid())"
        if let storeFile {
            variables[Rendezvous.storeFileVariable] = storeFile.path
            variables["MASTER_ADDR"] = nil
            variables["MASTER_PORT"] = nil
        } else {
            variables[Rendezvous.storeFileVariable] = nil
            variables["MASTER_ADDR"] = configuration.masterAddress ?? "127.0.0.1"
            variables["MASTER_PORT"] = "\(configuration.masterPort ?? LaunchConfiguration.defaultMasterPort)"
        }
        if variables["OMP_NUM_THREADS"] == nil && processesPerNode > 1 { variables["OMP_NUM_THREADS"] = "1" }
        return variables
    }

    /// Runs `arguments` in every local rank; returns when all succeed.
    ///
    /// - Throws: ``LaunchError/rankFailed(rank:processID:reason:)`` naming the first rank that exited with an error
    ///   or was killed, after stopping the others; ``LaunchError/stopped(signal:)`` after SIGTERM or SIGINT.
    func run(arguments: [String], environment inherited: [String: String]) throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let storeFolder = configuration.isStandalone ? try Self.privateFolder() : nil
        defer { if let storeFolder { try? FileManager.default.removeItem(at: storeFolder) } }
        let storeFile = storeFolder?.appendingPathComponent("store")
        var ranks: [Process] = []
        defer { stop(ranks) }
        for local in 0..<processesPerNode {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.environment = environment(forLocalRank: local, from: inherited, storeFile: storeFile)
            do {
                try process.run()
            } catch {
                throw LaunchError.cannotStart("\(executable.path): \(error.localizedDescription)")
            }
            ranks.append(process)
        }
        // SIGTERM or SIGINT sent to the launcher alone stops its ranks too. (Set once the ranks run: an ignored signal
        // stays ignored in a child, which then could not be terminated.)
        let stopSignal = Mutex<Int32?>(nil)
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stopSignal.withLock { $0 = $0 ?? number } }
            source.resume()
            return source
        }
        defer { for source in sources { source.cancel() } }
        while ranks.contains(where: \.isRunning) {
            if let (local, failed) = ranks.enumerated().first(where: { !$0.1.isRunning && !Self.succeeded($0.1) }) {
                throw failure(local: local, failed)
            }
            if let number = stopSignal.withLock({ $0 }) { throw LaunchError.stopped(signal: number) }
            usleep(50_000)
        }
        if let (local, failed) = ranks.enumerated().first(where: { !Self.succeeded($0.1) }) {
            throw failure(local: local, failed)
        }
        if ranks.contains(where: { $0.terminationStatus == StandardOutput.lostOutputStatus }) {
            StandardOutput.recordLoss()
        }
    }

    /// A fresh folder only this user can open (`mkdtemp`: mode 0700), for the file store of a standalone job.
    private static func privateFolder() throws -> URL {
        var template = Array(
            FileManager.default.temporaryDirectory.appendingPathComponent("torch-runtime-rendezvous-XXXXXX").path
                .utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!).map { String(cString: $0) }
        }
        guard let created else {
            throw LaunchError.cannotStart(
                "cannot create a private folder for the rendezvous: \(String(cString: strerror(errno)))")
        }
        return URL(fileURLWithPath: created, isDirectory: true)
    }

    /// An exit with status 0, or with the status of a run that finished but lost some of its standard output.
    private static func succeeded(_ process: Process) -> Bool {
        process.terminationReason == .exit
            && [0, StandardOutput.lostOutputStatus].contains(process.terminationStatus)
    }

    private func failure(local: Int, _ process: Process) -> LaunchError {
        let how =
            process.terminationReason == .uncaughtSignal
            ? "was killed by signal \(process.terminationStatus)" : "exited with status \(process.terminationStatus)"
        return .rankFailed(
            rank: configuration.nodeRank * processesPerNode + local, processID: process.processIdentifier, reason: how)
    }

    /// Terminates the ranks still running (SIGTERM, then SIGKILL for those still there after 5 s, as torchrun does:
    /// a rank started from a thread that blocks SIGTERM inherits the block) and waits for them.
    private func stop(_ ranks: [Process]) {
        for process in ranks where process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(5)
        while ranks.contains(where: \.isRunning) && Date() < deadline { usleep(50_000) }
        for process in ranks where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for process in ranks { process.waitUntilExit() }
    }
}

import Foundation

/// The test command (`launcher-test-command`), built beside the test binary.
let testCommand: URL = {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("launcher-test-command")
}()

/// A scratch folder removed by the caller.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("torch-cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A finished run of the test command: its status, standard output and standard error.
struct CommandRun {
    var status: Int32
    var reason: Process.TerminationReason
    var output: String
    var errors: String

    /// Runs the test command with `arguments` (and `environment` added to this process's).
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = testCommand
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = ReadToEnd(err.fileHandleForReading)
        output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        self.errors = String(decoding: errors.wait(), as: UTF8.self)
        status = process.terminationStatus
        reason = process.terminationReason
    }
}

/// Reads a handle to its end on another thread.
final class ReadToEnd: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// The PIDs of `pid`'s child processes.
func childProcesses(of pid: Int32) -> [Int32] {
    let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
    return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
}

/// Whether process `pid` exists (and is not a zombie waiting for its parent).
func isAlive(_ pid: Int32) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
    return !status.contains("State:\tZ")
}

/// The local addresses (`127.0.0.1:PORT`, `[::]:PORT`, ...) on which process `pid` listens for TCP connections, read
/// from `/proc/net/tcp{,6}` and the process's open sockets.
func listeningAddresses(of pid: Int32) -> [String] {
    socketAddresses(of: pid, state: "0A")
}

/// The local addresses of process `pid`'s established TCP connections.
func connectedAddresses(of pid: Int32) -> [String] {
    socketAddresses(of: pid, state: "01")
}

/// The local addresses of process `pid`'s TCP sockets in `state` (`/proc/net/tcp`'s hex code).
func socketAddresses(of pid: Int32, state: String) -> [String] {
    let folder = "/proc/\(pid)/fd"
    let sockets = Set(
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).compactMap { name -> String? in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(name)"),
                target.hasPrefix("socket:[")
            else { return nil }
            return String(target.dropFirst(8).dropLast())
        })
    var addresses: [String] = []
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let lines = ((try? String(contentsOfFile: table, encoding: .utf8)) ?? "").split(separator: "\n").dropFirst()
        for line in lines {
            let fields = line.split(separator: " ")
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            guard fields.count > 9, fields[3] == state, sockets.contains(String(fields[9])) else { continue }
            addresses.append(decodeAddress(String(fields[1])))
        }
    }
    return addresses
}

/// `0100007F:1F90` → `127.0.0.1:8080`; IPv6 addresses in brackets (`[::1]:8080`, `[::]:8080`).
func decodeAddress(_ text: String) -> String {
    let parts = text.split(separator: ":")
    let port = Int(parts[1], radix: 16) ?? 0
    let hex = Array(parts[0])
    if hex.count == 8 {
        let bytes = stride(from: 0, to: 8, by: 2).map { UInt8(String(hex[$0..<$0 + 2]), radix: 16) ?? 0 }
        return "\(bytes.reversed().map(String.init).joined(separator: ".")):\(port)"
    }
    // Four 32-bit words, each in host (little-endian) order.
    var bytes: [UInt8] = []
    for word in 0..<4 {
        let chunk = stride(from: word * 8, to: word * 8 + 8, by: 2).map {
            UInt8(String(hex[$0..<$0 + 2]), radix: 16) ?? 0
        }
        bytes += chunk.reversed()
    }
    if bytes.allSatisfy({ $0 == 0 }) { return "[::]:\(port)" }
    if bytes.dropLast().allSatisfy({ $0 == 0 }) && bytes.last == 1 { return "[::1]:\(port)" }
    if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
        return "[::ffff:\(bytes[12...].map(String.init).joined(separator: "."))]:\(port)"
    }
    return "[\(bytes.map { String(format: "%02x", $0) }.joined())]:\(port)"
}

/// Whether `address` can only be reached from this machine (127.0.0.0/8, ::1, ::ffff:127.x).
func isLoopback(_ address: String) -> Bool {
    address.hasPrefix("127.") || address.hasPrefix("[::1]:") || address.hasPrefix("[::ffff:127.")
}

/// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's pick for port 0).
func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

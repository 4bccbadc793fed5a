import Foundation
import Synchronization

/// The number that ends each event file's name, counted across the process as TensorBoard's `_global_uid` is, so
/// two files opened in the same second by the same process never share a name.
private let eventFileCounter = Mutex(0)

/// One TensorBoard event file, `events.out.tfevents.<unix time>.<host>.<pid>.<n><suffix>` in a log folder: TFRecord-
/// framed `Event` records, the first holding `file_version: "brain.Event:2"` (TensorBoard's `EventFileWriter`).
///
/// The file is created exclusively (an existing file of that name is never overwritten) and only appended to.
/// Records are buffered and reach the disk together, then `fsync`ed: when `maxQueue` records are pending, when an
/// event is added `flushSeconds` after the last flush, at `flush()` and at `close()`. A process killed between two
/// flushes loses only the records since the last one; one killed during a write leaves a torn last record, which
/// TensorBoard skips. A failed write is cut back to the last whole record, so later records stay readable.
///
/// Not thread-safe: `SummaryWriter` serialises its calls.
final class EventFileWriter {
    /// The folder the file is in.
    let logDirectory: URL
    /// The event file.
    let url: URL

    private let handle: FileHandle
    private let maxQueue: Int
    private let flushSeconds: Double
    private let clock: @Sendable () -> Double
    /// Framed records not yet written.
    private var pending: [UInt8] = []
    private var pendingCount = 0
    /// The file's length after the last successful flush: a torn write is cut back to it.
    private var committedLength: UInt64 = 0
    private var lastFlush: Double
    private var isClosed = false

    /// The writer named in the first event's `source_metadata`.
    static let sourceWriter = "Torch.SummaryWriter"

    /// Creates `logDirectory` (and its parents) if needed, then a new event file in it holding the file-version
    /// event, flushed. A failure is `TorchError.file` naming the folder or the file.
    init(
        logDirectory: URL, maxQueue: Int, flushSeconds: Double, filenameSuffix: String,
        clock: @escaping @Sendable () -> Double
    ) throws {
        self.logDirectory = logDirectory
        self.maxQueue = max(maxQueue, 1)
        self.flushSeconds = flushSeconds
        self.clock = clock
        do {
            try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        } catch {
            throw TorchError.file(
                path: logDirectory.path,
                .cannotWrite("cannot create the TensorBoard log folder (\(Self.reason(error)))"))
        }
        let now = clock()
        let number = eventFileCounter.withLock { counter in
            defer { counter += 1 }
            return counter
        }
        let seconds = String(Int(now))
        let name =
            "events.out.tfevents." + String(repeating: "0", count: max(0, 10 - seconds.count)) + seconds
            + ".\(Self.hostName).\(getpid()).\(number)\(filenameSuffix)"
        url = logDirectory.appendingPathComponent(name)
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TorchError.file(
                path: url.path, .cannotWrite("cannot create the TensorBoard event file (\(Self.systemError()))"))
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        lastFlush = now
        try add(
            TensorBoardEvent(wallTime: now, content: .fileVersion("brain.Event:2"), sourceWriter: Self.sourceWriter))
        try flush()
        Self.synchronizeDirectory(logDirectory)
    }

    deinit {
        try? close()
    }

    /// Queues `event`, writing the queue out when it is full or the last flush is `flushSeconds` old.
    func add(_ event: TensorBoardEvent) throws {
        guard !isClosed else {
            throw TorchError.file(path: url.path, .cannotWrite("the TensorBoard event file is closed"))
        }
        pending += TFRecord.frame(event.serialized())
        pendingCount += 1
        if pendingCount >= maxQueue || clock() - lastFlush >= flushSeconds {
            try flush()
        }
    }

    /// Writes every queued record and `fsync`s the file. On failure the file is cut back to its last whole record,
    /// the records stay queued for the next flush, and the error is `TorchError.file` naming the file.
    func flush() throws {
        guard !isClosed else { return }
        lastFlush = clock()
        guard !pending.isEmpty else { return }
        do {
            try handle.write(contentsOf: Data(pending))
            try handle.synchronize()
        } catch {
            try? handle.truncate(atOffset: committedLength)
            throw TorchError.file(
                path: url.path, .cannotWrite("cannot write the TensorBoard events (\(Self.reason(error)))"))
        }
        committedLength += UInt64(pending.count)
        pending.removeAll(keepingCapacity: true)
        pendingCount = 0
    }

    /// Flushes, then closes the file; later calls do nothing.
    func close() throws {
        guard !isClosed else { return }
        defer {
            isClosed = true
            try? handle.close()
        }
        try flush()
    }

    // MARK: System details

    /// The host's name as `socket.gethostname()` gives it (no DNS lookup).
    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// `fsync` on a folder, so a new file's entry in it survives a power cut; best effort (not every file system
    /// allows it).
    private static func synchronizeDirectory(_ directory: URL) {
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = Glibc.close(descriptor)
    }

    /// The text of the current `errno`.
    private static func systemError() -> String {
        String(cString: strerror(errno))
    }

    /// A one-line reason for a Foundation file error: the POSIX error's text where there is one.
    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(nsError.code)))
        }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}

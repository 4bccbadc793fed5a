import Foundation
import Synchronization

/// What a training program does with its standard output when no one reads it any more.
///
/// `train ... | head -3` closes the pipe after three lines. By default the next write kills the program with
/// SIGPIPE, before it saves anything. After ``continueWhenClosed()`` a write to a closed pipe (or a full disk) fails
/// instead; the program goes on, writes its files, and can tell at the end (``wasLost``) that some of its output
/// did not arrive, and exit with ``lostOutputStatus``.
public enum StandardOutput {
    /// The exit status of a run that finished its work but could not write all of its standard output: 3.
    public static let lostOutputStatus: Int32 = 3

    private static let lossRecorded = Atomic<Bool>(false)

    /// The C stream `print` writes to (libc's `stdout`, looked up once: Swift 6 forbids touching the C global).
    nonisolated(unsafe) private static let stream: UnsafeMutablePointer<FILE>? = {
        guard let symbol = dlsym(nil, "stdout") else { return nil }
        return symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
    }()

    /// Ignores SIGPIPE for the whole process, so writes to a closed pipe fail with `EPIPE` rather than killing it.
    /// (Child processes inherit the setting; sockets then report a closed peer as an error too.)
    public static func continueWhenClosed() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Whether some standard output was lost: a write to it failed (flushing what is buffered first), or
    /// ``recordLoss()`` was called (a launcher whose rank lost output).
    public static var wasLost: Bool {
        guard let stream else { return lossRecorded.load(ordering: .relaxed) }
        fflush(stream)
        return ferror(stream) != 0 || lossRecorded.load(ordering: .relaxed)
    }

    /// Records that output was lost elsewhere (a rank of this launcher), for ``wasLost``.
    public static func recordLoss() {
        lossRecorded.store(true, ordering: .relaxed)
    }

    /// Sends everything this process writes to standard output from now on to `/dev/null` (ranks other than 0
    /// print nothing).
    public static func discard() {
        fflush(nil)
        let null = open("/dev/null", O_WRONLY)
        guard null >= 0 else { return }
        dup2(null, STDOUT_FILENO)
        close(null)
    }
}

import ArgumentParser
import Foundation
import Torch

/// A `ParsableCommand` that trains: its `main()` keeps the run going when no one reads its output any more.
///
/// `train ... | head -3` closes the pipe after three lines. A plain command is then killed by SIGPIPE at its next
/// line, before it saves anything. A `TrainingCommand` ignores SIGPIPE (`StandardOutput.continueWhenClosed()`): the
/// lost lines are dropped, training goes on and its files are written, and the command exits with status 3
/// (`StandardOutput.lostOutputStatus`) and one line on standard error, so a script can tell a complete run whose
/// output was cut from a failure (1) or a usage error (64). A successful run ends without the libraries' teardown
/// (every file written and closed, standard output flushed): libtorch's static destructors would only take time.
///
/// It also keeps freed memory in the process (`Torch.retainFreedMemory()`): every training step frees and
/// allocates the same activations, and handing them back to the kernel each time costs page faults.
public protocol TrainingCommand: ParsableCommand {}

extension TrainingCommand {
    /// Parses the arguments and runs the command as ArgumentParser's `main()` does, errors included, with SIGPIPE
    /// ignored; ends with status 3 when standard output was lost.
    public static func main() {
        StandardOutput.continueWhenClosed()
        do {
            var command = try parseAsRoot()
            _ = Torch.retainFreedMemory()
            try command.run()
        } catch {
            exit(withError: error)
        }
        if StandardOutput.wasLost {
            let name = configuration.commandName ?? "the command"
            FileHandle.standardError.write(
                Data(
                    ("\(name): standard output was closed or full, so some lines were lost; the run finished and "
                        + "wrote its files (exit status \(StandardOutput.lostOutputStatus))\n").utf8))
            fflush(nil)
            _exit(StandardOutput.lostOutputStatus)
        }
        fflush(nil)
        _exit(0)
    }
}

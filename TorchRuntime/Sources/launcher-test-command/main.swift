// A small training command over TorchCommandLine's option groups, for TorchCommandLineTests (not a product):
//
//   launcher-test-command --mode sum [DISTRIBUTED OPTIONS]
//       joins (or launches) the job, all-reduces [rank + 1] and prints "rank R of W: sum S" (rank 0 only prints).
//   launcher-test-command --mode wait --out FOLDER [DISTRIBUTED OPTIONS]
//       joins, writes FOLDER/rankR.pid, then waits up to 120 s: the tests look at its sockets, or kill its launcher.
//   launcher-test-command --mode lines --count N --out FOLDER
//       prints N numbered lines, one every 10 ms, then writes FOLDER/done: the tests close its output early.
//   launcher-test-command --mode threads
//       runs a convolution (libtorch's parallel kernels) and prints "threads N".
import ArgumentParser
import Foundation
import Torch
import TorchCommandLine

@main
struct LauncherTestCommand: TrainingCommand {
    static let configuration = CommandConfiguration(commandName: "launcher-test-command")

    @Option var mode: String
    @Option var out: String?
    @Option var count = 100
    @OptionGroup var distributed: DistributedOptions

    func run() throws {
        try distributed.launch { group in
            let rank = group?.rank ?? 0
            switch mode {
            case "sum":
                let sum = try group?.sumOverRanks([Double(rank + 1)]) ?? [1]
                print("rank \(rank) of \(group?.worldSize ?? 1): sum \(Int(sum[0]))")
            case "wait":
                let folder = URL(fileURLWithPath: out ?? ".")
                try "\(getpid())".write(
                    to: folder.appendingPathComponent("rank\(rank).pid"), atomically: true, encoding: .utf8)
                let deadline = Date().addingTimeInterval(120)
                while Date() < deadline { usleep(100_000) }
            case "lines":
                for line in 1...count {
                    print("line \(line)")
                    fflush(nil)
                    usleep(10_000)
                }
                try "done".write(
                    to: URL(fileURLWithPath: out ?? ".").appendingPathComponent("done"), atomically: true,
                    encoding: .utf8)
            case "threads":
                let images = try Tensor.randn([4, 3, 64, 64])
                let weight = try Tensor.randn([8, 3, 3, 3])
                let output = try images.conv2d(weight)
                print("threads \(Torch.numThreads) shape \(output.shape)")
            default:
                throw ValidationError("unknown --mode \(mode)")
            }
        }
    }
}

// A rank for the distributed tests (TorchTests/Distributed*): the tests start two of these (or one and the Python
// peer reference/ddp_peer.py) with torchrun's variables. Not a product.
//
//   distributed-test-worker collectives
//       joins from the environment, all-reduces [rank + 1] x 3 and broadcasts rank 0's [7, 8, 9]; prints both.
//   distributed-test-worker train --batch-size B --epochs E [--no-shuffle] [--distributed-optimizer] --out FILE
//       trains a small MLP on 16 synthetic samples with SGD (one rank without torchrun's variables, else one rank of
//       a DistributedDataParallel job, DistributedSampler order) and writes the final parameters, one per line
//       ("{rank}" in FILE becomes the rank, for launchers that give every rank the same arguments). With
//       --distributed-optimizer the gradients are averaged by DistributedOptimizer's step(), not explicitly.
//   distributed-test-worker bench --samples N --batch-size B --epochs E
//       times TinyVGG (hidden units 10, 3x64x64 random images, Adam) epochs of N samples split over the ranks with
//       batch B per rank; prints the mean epoch time (after one warm-up epoch), the all-reduce time and bytes per step.
import Foundation
import TinyVGGFixture
import Torch
import TorchVision

/// The synthetic dataset: sample i has features ((7i + 3j) mod 11) / 11 - 0.5 for j in 0..<4, label i mod 2.
let sampleCount = 16

func features(_ indices: [Int]) throws -> Tensor {
    var values: [Float] = []
    for i in indices {
        for j in 0..<4 {
            let code: Int = (7 * i + 3 * j) % 11
            values.append(Float(code) / 11 - 0.5)
        }
    }
    return try Tensor(values, shape: [indices.count, 4])
}

func labels(_ indices: [Int]) throws -> Tensor {
    try Tensor(indices.map { Int64($0 % 2) })
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("distributed-test-worker: \(message)\n".utf8))
    exit(1)
}

func option(_ name: String) -> String? {
    guard let position = CommandLine.arguments.firstIndex(of: name), position + 1 < CommandLine.arguments.count
    else { return nil }
    return CommandLine.arguments[position + 1]
}

func timeout() -> Duration {
    .seconds(Int(ProcessInfo.processInfo.environment["DIST_TEST_TIMEOUT_S"] ?? "") ?? 20)
}

func collectives() throws {
    let group = try ProcessGroup.fromEnvironment(timeout: timeout())
    let summed = try Tensor([Float](repeating: Float(group.rank + 1), count: 3))
    try group.allReduceSum([summed])
    let broadcast = try Tensor(group.rank == 0 ? [7, 8, 9] : [0, 0, 0] as [Float])
    try group.broadcast([broadcast], from: 0)
    try group.barrier()
    print("rank \(group.rank)/\(group.worldSize) allreduce \(try summed.floats()) broadcast \(try broadcast.floats())")
}

func train() throws {
    guard let batchSize = option("--batch-size").flatMap(Int.init), let out = option("--out") else {
        fail("train needs --batch-size B and --out FILE")
    }
    let epochs = option("--epochs").flatMap(Int.init) ?? 2
    let shuffle = !CommandLine.arguments.contains("--no-shuffle")
    let group =
        ProcessGroup.environmentDescribesGroup() ? try ProcessGroup.fromEnvironment(timeout: timeout()) : nil
    let rank = group?.rank ?? 0
    // Each rank starts from different weights: DistributedDataParallel must replace them with rank 0's.
    manualSeed(UInt64(1 + rank))
    let model = Sequential(
        try Linear(inFeatures: 4, outFeatures: 3), ReLU(), try Linear(inFeatures: 3, outFeatures: 2))
    let parallel = try group.map { try DistributedDataParallel(model, group: $0, bucketCapacity: 8) }
    let sgd = try SGD(model.parameters(), lr: 0.5)
    let wrapOptimizer = CommandLine.arguments.contains("--distributed-optimizer")
    let optimizer: Optimizer =
        if wrapOptimizer, let parallel { try DistributedOptimizer(sgd, parallel: parallel) } else { sgd }
    let sampler = try DistributedSampler(
        count: sampleCount, rank: rank, worldSize: group?.worldSize ?? 1, shuffle: shuffle, seed: 42)
    for epoch in 0..<epochs {
        let indices = sampler.indices(epoch: epoch)
        for start in stride(from: 0, to: indices.count, by: batchSize) {
            let batch = Array(indices[start..<min(start + batchSize, indices.count)])
            try optimizer.zeroGrad()
            let loss = try model(try features(batch)).crossEntropy(try labels(batch))
            try loss.backward()
            if !wrapOptimizer { try parallel?.averageGradients() }
            try optimizer.step()
        }
    }
    let values = try model.parameters().flatMap { try $0.floats() }
    let path = out.replacingOccurrences(of: "{rank}", with: String(rank))
    try values.map { String($0) }.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    if let parallel {
        print("rank \(rank): \(parallel.buckets.count) buckets, \(parallel.bytesPerStep) bytes per step")
    }
}

func bench() throws {
    let samples = option("--samples").flatMap(Int.init) ?? 224
    let batchSize = option("--batch-size").flatMap(Int.init) ?? 32
    let epochs = option("--epochs").flatMap(Int.init) ?? 3
    let group =
        ProcessGroup.environmentDescribesGroup() ? try ProcessGroup.fromEnvironment(timeout: timeout()) : nil
    let rank = group?.rank ?? 0
    let worldSize = group?.worldSize ?? 1
    manualSeed(42)
    let images = try Tensor.randn([samples / worldSize, 3, 64, 64])
    let targets = try Tensor((0..<(samples / worldSize)).map { Int64($0 % 3) })
    let model = try TinyVGG(inputShape: 3, hiddenUnits: 10, outputShape: 3)
    let parallel = try group.map { try DistributedDataParallel(model, group: $0) }
    let adam = try Adam(model.parameters(), lr: 0.001)
    let optimizer: Optimizer = try parallel.map { try DistributedOptimizer(adam, parallel: $0) } ?? adam
    let clock = ContinuousClock()
    var times: [Duration] = []
    var steps = 0
    for _ in 0...epochs {
        let started = clock.now
        for start in stride(from: 0, to: images.shape[0], by: batchSize) {
            let length = min(batchSize, images.shape[0] - start)
            try optimizer.zeroGrad()
            let logits = try model(images.narrow(dim: 0, start: start, length: length))
            try logits.crossEntropy(targets.narrow(dim: 0, start: start, length: length)).backward()
            try optimizer.step()
            steps += 1
        }
        times.append(clock.now - started)
    }
    try group?.barrier()
    let measured = times.dropFirst()
    let mean = measured.reduce(Duration.zero, +) / measured.count
    let reduce = parallel.map { "\($0.allReduceTime / steps) all-reduce per step, \($0.bytesPerStep) bytes per step" }
    print("rank \(rank)/\(worldSize): \(mean) per epoch; \(reduce ?? "no all-reduce")")
}

do {
    switch CommandLine.arguments.dropFirst().first {
    case "bench": try bench()
    case "collectives": try collectives()
    case "train": try train()
    default: fail("usage: distributed-test-worker collectives | train --batch-size B --out FILE")
    }
} catch {
    fail("\(error)")
}

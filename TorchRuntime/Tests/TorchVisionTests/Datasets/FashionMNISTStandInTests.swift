import Foundation
import Testing

@testable import TorchVision

private let sourceAvailable = FileManager.default.fileExists(
    atPath: FashionMNISTStandIn.defaultSource.appendingPathComponent("train-images-idx3-ubyte.gz").path)

@Suite(
    .serialized,
    .enabled(
        if: sourceAvailable,
        "Debian's dataset-fashion-mnist is not installed (/usr/share/datasets/fashion-mnist): scripts/install-deps.sh")
)
struct FashionMNISTStandInTests {
    @Test func buildsTheLessonShapedDatasetDeterministically() throws {
        let parent = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let first = parent.appendingPathComponent("first")
        try FashionMNISTStandIn.build(into: first)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: parent.path)) == ["first"])

        let train = try ImageFolder(root: first.appendingPathComponent("train"))
        let test = try ImageFolder(root: first.appendingPathComponent("test"))
        #expect(train.classes == ["pullover", "shirt", "tshirt_top"])
        #expect(test.classes == train.classes)
        #expect((0..<3).map { label in train.targets.filter { $0 == label }.count } == [78, 75, 72])
        #expect((0..<3).map { label in test.targets.filter { $0 == label }.count } == [25, 19, 31])

        // Each file is the named Fashion-MNIST image of its class, upscaled to 512x384 RGB.
        let images = try IDXFile(
            gzippedAt: FashionMNISTStandIn.defaultSource.appendingPathComponent("train-images-idx3-ubyte.gz"))
        let labels = try IDXFile(
            gzippedAt: FashionMNISTStandIn.defaultSource.appendingPathComponent("train-labels-idx1-ubyte.gz"))
        let fashionLabels: [UInt8] = [2, 6, 0]
        for sample in [train.samples[0], train.samples[100], train.samples[224]] {
            let name = sample.url.deletingPathExtension().lastPathComponent
            let index = Int(name.split(separator: "-").last!)!
            #expect(labels.values[index] == fashionLabels[sample.label], "\(name) has the class's label")
            let decoded = try loadImage(sample.url)
            #expect(decoded.width == 512 && decoded.height == 384)
            let back = try Resize(28, 28).resize(decoded)
            func distance(to other: Int) -> Double {
                let original = images.values[(other * 784)..<(other * 784 + 784)]
                let total = zip(stride(from: 0, to: back.pixels.count, by: 3), original).reduce(0) {
                    $0 + abs(Int(back.pixels[$1.0]) - Int($1.1))
                }
                return Double(total) / 784
            }
            let own = distance(to: index)
            let others = (1...5).map { distance(to: index + $0) }
            #expect(
                own < 25 && others.allSatisfy { $0 > own },
                "\(name) is Fashion-MNIST image \(index): \(own) vs \(others)")
        }
        // The first train pullover is the first pullover of the source file.
        let firstPullover = labels.values.firstIndex(of: 2)!
        #expect(train.samples[0].url.lastPathComponent == String(format: "fmnist-train-%05d.jpg", firstPullover))

        // Same bytes on every run (the test split, rebuilt; the train split is written by the same code).
        let second = parent.appendingPathComponent("second")
        try FashionMNISTStandIn.writeSplit(
            "test", prefix: "t10k", counts: FashionMNISTStandIn.testCounts, source: FashionMNISTStandIn.defaultSource,
            into: second)
        for sample in test.samples {
            let relative = String(sample.url.path.dropFirst(first.path.count))
            let other = URL(fileURLWithPath: second.path + relative)
            #expect(try Data(contentsOf: sample.url) == Data(contentsOf: other), "\(relative) is reproducible")
        }
        try FashionMNISTStandIn.build(into: first)  // already built: kept as is
    }

    @Test func refusesForeignFoldersAndCleansUpFailures() throws {
        let parent = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let foreign = parent.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        #expect {
            try FashionMNISTStandIn.build(into: foreign)
        } throws: { "\($0)".contains(foreign.path) }
        let badSource = parent.appendingPathComponent("no-source")
        #expect {
            try FashionMNISTStandIn.build(into: parent.appendingPathComponent("data"), source: badSource)
        } throws: { "\($0)".contains(badSource.path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["photos"])
    }
}

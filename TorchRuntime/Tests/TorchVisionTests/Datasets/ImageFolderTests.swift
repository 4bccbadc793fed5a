import Foundation
import Testing

@testable import TorchVision

@Suite struct ImageFolderTests {
    struct Expected: Decodable {
        struct BatchFixture: Decodable {
            let images: [Float]
            let shape: [Int]
            let labels: [Int]
        }
        let classes: [String]
        let classToIndex: [String: Int]
        let samples: [[Sample]]
        let batches: [BatchFixture]

        enum CodingKeys: String, CodingKey {
            case classes, samples, batches
            case classToIndex = "class_to_idx"
        }

        enum Sample: Decodable {
            case path(String)
            case label(Int)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let label = try? container.decode(Int.self) {
                    self = .label(label)
                } else {
                    self = .path(try container.decode(String.self))
                }
            }
        }
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Fixtures.expected.appendingPathComponent("imagefolder.json")))
    }

    @Test func classesAndSamplesMatchTorchvision() throws {
        let expected = try Self.expected()
        let folder = try ImageFolder(root: Fixtures.imageFolder)
        #expect(folder.classes == expected.classes)
        #expect(folder.classToIndex == expected.classToIndex)
        let samples = folder.samples.map { sample in
            [String(sample.url.path.dropFirst(Fixtures.imageFolder.path.count + 1)), String(sample.label)]
        }
        let expectedSamples = expected.samples.map { pair in
            pair.map { item -> String in
                switch item {
                case .path(let path): return path
                case .label(let label): return String(label)
                }
            }
        }
        #expect(samples == expectedSamples)
    }

    @Test func dataLoaderBatchesMatchTorchvision() throws {
        let expected = try Self.expected()
        let folder = try ImageFolder(root: Fixtures.imageFolder, transform: Compose([Resize(8, 6), ToTensor()]))
        let loader = DataLoader(dataset: folder, batchSize: 4, shuffle: false, workers: 2)
        let batches = try loader.epoch()
        #expect(loader.count == expected.batches.count)
        #expect(batches.count == expected.batches.count)
        for (batch, fixture) in zip(batches, expected.batches) {
            #expect(batch.images.shape == fixture.shape)
            #expect(try batch.labels.int64s() == fixture.labels.map(Int64.init))
            let values = try batch.images.floats()
            let worst = zip(values, fixture.images).map { abs($0 - $1) }.max() ?? .infinity
            #expect(values.count == fixture.images.count && worst <= 1e-6, "max difference \(worst)")
        }
    }

    @Test func errorsNameTheFolderOrFile() throws {
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect {
            _ = try ImageFolder(root: root)
        } throws: { "\($0)".contains(root.path) && "\($0)".contains("class folder") }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("cats"), withIntermediateDirectories: true)
        try Data("text".utf8).write(to: root.appendingPathComponent("cats/readme.txt"))
        #expect {
            _ = try ImageFolder(root: root)
        } throws: { "\($0)".contains("cats") && "\($0)".contains("no valid file") }
        let good = Fixtures.images.appendingPathComponent("rgb.png")
        try FileManager.default.copyItem(at: good, to: root.appendingPathComponent("cats/good.png"))
        let bad = root.appendingPathComponent("cats/bad.jpg")
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).write(to: bad)
        let strict = try ImageFolder(root: root, transform: Compose([Resize(4, 4), ToTensor()]))
        #expect(strict.count == 2)
        #expect {
            _ = try DataLoader(dataset: strict, batchSize: 2).epoch()
        } throws: { "\($0)".contains(bad.path) }
        let lenient = try ImageFolder(root: root, transform: Compose([Resize(4, 4), ToTensor()]), skipCorrupt: true)
        #expect(lenient.samples.map(\.url.lastPathComponent) == ["good.png"])
        #expect(try DataLoader(dataset: lenient, batchSize: 2).epoch().count == 1)
    }
}

import DataSetup
import Foundation
import Testing
import TorchVision

extension GoingModularTests {
    @Suite struct DataSetupTests {
        let transform = Compose([Resize(64, 64), ToTensor()])

        @Test func buildsLoadersAndClassNamesFromImageFolders() throws {
            let (train, test, classNames) = try createDataLoaders(
                trainDir: parityData.appendingPathComponent("train"),
                testDir: parityData.appendingPathComponent("test"), transform: transform, batchSize: 8, workers: 2)
            #expect(classNames == ["ankle_boot", "bag", "dress"])
            #expect(train.count == 3)  // 24 images
            #expect(test.count == 2)  // 12 images: 8 + 4
            let batches = try test.epoch(0)
            #expect(batches.map { $0.images.shape } == [[8, 3, 64, 64], [4, 3, 64, 64]])
            #expect(try batches[1].labels.int64s() == [2, 2, 2, 2])
        }

        @Test func onlyTheTrainingLoaderShuffles() throws {
            let (train, test, _) = try createDataLoaders(
                trainDir: parityData.appendingPathComponent("train"),
                testDir: parityData.appendingPathComponent("test"), transform: transform, batchSize: 8, workers: 1,
                seed: 7)
            #expect(train.sampleOrder(epoch: 0) != Array(0..<24))
            #expect(train.sampleOrder(epoch: 0).sorted() == Array(0..<24))
            #expect(train.sampleOrder(epoch: 0) != train.sampleOrder(epoch: 1))
            #expect(test.sampleOrder(epoch: 3) == Array(0..<12))
        }

        @Test func aFixedOrderReplacesTheShuffle() throws {
            let order = Array((0..<24).reversed())
            let (train, _, _) = try createDataLoaders(
                trainDir: parityData.appendingPathComponent("train"),
                testDir: parityData.appendingPathComponent("test"), transform: transform, batchSize: 8, workers: 1,
                trainOrder: order)
            #expect(train.sampleOrder(epoch: 2) == order)
            #expect(try train.epoch(0)[0].labels.int64s() == Array(repeating: 2, count: 8))
        }

        @Test func aMissingFolderIsAnErrorNamingIt() throws {
            let missing = parityData.appendingPathComponent("no-such-split")
            let error = #expect(throws: DataSetupError.self) {
                try createDataLoaders(
                    trainDir: missing, testDir: parityData.appendingPathComponent("test"), transform: transform,
                    batchSize: 8)
            }
            #expect(error?.description.contains(missing.path) == true)
        }

        @Test func anEmptyFolderIsAnError() throws {
            let empty = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: empty) }
            #expect(throws: (any Error).self) {
                try createDataLoaders(
                    trainDir: empty, testDir: parityData.appendingPathComponent("test"), transform: transform,
                    batchSize: 8)
            }
        }

        @Test func differentClassesInTrainAndTestAreAnError() throws {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            // A test split with only two of the three classes.
            for name in ["bag", "dress"] {
                let target = folder.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                try FileManager.default.copyItem(
                    at: parityData.appendingPathComponent("test/\(name)/00.jpg"),
                    to: target.appendingPathComponent("00.jpg"))
            }
            let error = #expect(throws: DataSetupError.self) {
                try createDataLoaders(
                    trainDir: parityData.appendingPathComponent("train"), testDir: folder, transform: transform,
                    batchSize: 8)
            }
            #expect(error?.description.contains("ankle_boot") == true)
        }
    }
}

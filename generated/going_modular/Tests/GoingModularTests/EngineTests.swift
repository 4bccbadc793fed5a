import DataSetup
import Foundation
import ModelBuilder
import Testing
import Torch
import TorchVision

@testable import Engine

extension GoingModularTests {
    @Suite struct EngineTests {
        @Test func accuracyIsTheShareOfRowsWhoseTopLogitIsTheLabel() throws {
            let logits = try Tensor(
                [0.1, 0.9, 0.0, 2.0, 1.0, 0.5, 0.2, 0.3, 0.4, 1.0, 0.0, 0.0] as [Float], shape: [4, 3])
            let labels = try Tensor([1, 0, 0, 0] as [Int64])
            #expect(try accuracy(logits: logits, labels: labels) == 0.75)
        }

        @Test func printsTheLessonsLine() {
            var results = TrainingResults()
            results.append(trainLoss: 1.09841, trainAcc: 0.3125, testLoss: 1.09566, testAcc: 0.260416)
            #expect(
                results.line(epoch: 0)
                    == "Epoch: 1 | train_loss: 1.0984 | train_acc: 0.3125 | test_loss: 1.0957 | test_acc: 0.2604")
        }

        @Test func resultsEncodeWithTheLessonsKeys() throws {
            var results = TrainingResults()
            results.append(trainLoss: 1, trainAcc: 0.5, testLoss: 2, testAcc: 0.25)
            let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(results)) as? [String: [Double]]
            #expect(object == ["train_loss": [1], "train_acc": [0.5], "test_loss": [2], "test_acc": [0.25]])
            #expect(try JSONDecoder().decode(TrainingResults.self, from: JSONEncoder().encode(results)) == results)
        }

        @Test func trainingLowersTheLossAndResumesWhereItStopped() throws {
            let (train, test, classNames) = try createDataLoaders(
                trainDir: parityData.appendingPathComponent("train"),
                testDir: parityData.appendingPathComponent("test"), transform: Compose([Resize(64, 64), ToTensor()]),
                batchSize: 8, workers: 2)
            Torch.manualSeed(1)
            let model = try TinyVGG(inputShape: 3, hiddenUnits: 8, outputShape: classNames.count)
            let optimizer = try Adam(model.parameters(), lr: 0.003)
            var epochsSeen: [Int] = []
            let first = try Engine.train(
                model: model, trainDataLoader: train, testDataLoader: test, optimizer: optimizer,
                lossFunction: CrossEntropyLoss(), epochs: 2, onEpoch: { epoch, _ in epochsSeen.append(epoch) })
            #expect(first.epochs == 2)
            let resumed = try Engine.train(
                model: model, trainDataLoader: train, testDataLoader: test, optimizer: optimizer,
                lossFunction: CrossEntropyLoss(), epochs: 6, results: first,
                onEpoch: { epoch, _ in epochsSeen.append(epoch) })
            #expect(epochsSeen == [1, 2, 3, 4, 5, 6])
            #expect(Array(resumed.trainLoss.prefix(2)) == first.trainLoss)
            #expect(resumed.trainLoss[5] < resumed.trainLoss[0])
            #expect(resumed.testAcc.allSatisfy { (0...1).contains($0) })
        }
    }
}

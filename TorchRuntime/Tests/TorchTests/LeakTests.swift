import Testing
import Torch

@Suite("Handle leaks")
struct LeakTests {
    /// Thousands of training steps: every tensor and optimizer handle is freed, on this thread's count.
    @Test func trainingStepsReturnHandlesToBaseline() throws {
        let baseline = Torch.handleBalanceOnThisThread
        do {
            let model = try withGlobalGenerator {
                try Sequential(Linear(inFeatures: 8, outFeatures: 16), ReLU(), Linear(inFeatures: 16, outFeatures: 3))
            }
            let optimizer = try Adam(model.parameters(), lr: 0.01)
            let lossFunction = CrossEntropyLoss()
            let x = try Tensor((0..<64).map { Float($0) / 64 }, shape: [8, 8])
            let y = try Tensor([0, 1, 2, 0, 1, 2, 0, 1] as [Int64])
            let steps = 3_000
            var afterFirstStep = 0
            var afterLastStep = 0
            for step in 1...steps {
                try optimizer.zeroGrad()
                let loss = try lossFunction(model(x), y)
                try loss.backward()
                try optimizer.step()
                _ = try noGrad { try model(x).argmax(dim: 1).eq(y).sum().item() }
                if step == 1 {
                    afterFirstStep = Torch.handleBalanceOnThisThread
                } else if step == steps {
                    afterLastStep = Torch.handleBalanceOnThisThread
                }
            }
            #expect(afterLastStep == afterFirstStep, "handles stay constant across steps")
            #expect(afterFirstStep > baseline, "the counter sees the model's handles")
        }
        #expect(Torch.handleBalanceOnThisThread == baseline, "every handle is freed with its owner")
    }
}

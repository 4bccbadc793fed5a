import Foundation
import Testing
import TinyVGGFixture

@testable import Torch

/// Whether this process can place tensors on a CUDA GPU (the GPU-only tests below run only then).
let cudaIsAvailable = Torch.cuda.isAvailable()

@Suite("Devices")
struct DeviceTests {
    @Test(arguments: [
        ("cpu", Device.cpu), ("cuda", .cuda(0)), ("cuda:0", .cuda(0)), ("cuda:1", .cuda(1)), ("cuda:12", .cuda(12)),
    ])
    func parsesPyTorchDeviceStrings(text: String, device: Device) throws {
        #expect(try Device(text) == device)
        #expect(try Device(device.description) == device)
    }

    @Test(arguments: ["tpu", "", "CPU", "cuda:", "cuda:-1", "cuda:+1", "cuda:1x", "cuda:٣", " cpu", "mps", "cuda:0:1"])
    func rejectsAnythingElseInOneLine(text: String) {
        #expect {
            try Device(text)
        } throws: { error in
            guard case TorchError.invalidArgument("torch.device", let message) = error else { return false }
            return message.contains("\"\(text)\"") && message.contains("cpu, cuda or cuda:N")
                && !"\(error)".contains("\n")
        }
    }

    @Test func descriptionsAreTorchSpellings() {
        #expect(Device.cpu.description == "cpu")
        #expect(Device.cuda().description == "cuda:0")
        #expect(Device.cuda(3).description == "cuda:3")
        #expect(Device.cuda(2).isCUDA && !Device.cpu.isCUDA)
    }

    @Test func cudaReportsAreConsistent() throws {
        #expect(Torch.cuda.deviceCount() >= 0)
        #expect(Torch.cuda.isAvailable() == (Torch.cuda.deviceCount() > 0))
        if !Torch.cuda.isBuilt() {
            #expect(Torch.cuda.deviceCount() == 0)
        }
        #expect(Torch.torchVersion.split(separator: ".").count >= 3, "torch version \(Torch.torchVersion)")
    }

    /// `make test-torch2` sets `TORCH_RUNTIME_EXPECT_VERSION` to the torch it builds against: the runtime must have
    /// been compiled against those headers, not Debian's.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TORCH_RUNTIME_EXPECT_VERSION"] != nil))
    func runsAgainstTheExpectedLibtorch() throws {
        let expected = try #require(ProcessInfo.processInfo.environment["TORCH_RUNTIME_EXPECT_VERSION"])
        #expect(Torch.torchVersion == expected)
    }

    @Test(.enabled(if: !cudaIsAvailable, "this machine has a CUDA GPU"))
    func cudaWhereUnavailableIsAOneLineErrorNamingTheReason() throws {
        let expectedReason =
            Torch.cuda.isBuilt() ? "no CUDA GPU is visible" : "has no CUDA support (a CPU-only build"
        func isUnavailable(_ error: any Error) -> Bool {
            guard case TorchError.deviceUnavailable("cuda:0", let reason) = error else { return false }
            return reason.contains(expectedReason) && !"\(error)".contains("\n")
                && "\(error)".hasPrefix("cannot use device cuda:0: ")
        }
        #expect(throws: TorchError.self) { try Device.cuda().checkAvailable() }
        #expect { try Tensor.zeros([2, 2], device: .cuda()) } throws: { isUnavailable($0) }
        #expect { try Tensor.randn([2], device: .cuda()) } throws: { isUnavailable($0) }
        #expect { try Tensor([1, 2] as [Float]).to(.cuda()) } throws: { isUnavailable($0) }
        try Device.cpu.checkAvailable()
    }

    @Test func creationOpsPlaceTensorsOnTheCPU() throws {
        for tensor in [
            try Tensor.zeros([2, 3], device: .cpu), try Tensor.empty([1], dtype: .int64, device: .cpu),
            try Tensor.rand([4]), try Tensor.randn([4], device: .cpu), try Tensor([1, 2] as [Float]),
        ] {
            #expect(tensor.device == .cpu)
        }
    }

    @Test func movingToTheDeviceItIsOnReturnsTheSameTensor() throws {
        let tensor = try Tensor([1, 2, 3] as [Float]).setRequiresGrad(true)
        let moved = try tensor.to(.cpu)
        #expect(moved === tensor)
        try tensor.moveStorage(to: .cpu)
        #expect(try tensor.floats() == [1, 2, 3])
        #expect(tensor.requiresGrad)
    }

    @Test func seedingAllGPUsLeavesTheCPUGeneratorAlone() throws {
        let (first, second) = try withGlobalGenerator {
            Torch.manualSeed(7)
            let first = try Tensor.randn([5]).floats()
            Torch.manualSeed(7)
            try Torch.cuda.manualSeedAll(99)
            return (first, try Tensor.randn([5]).floats())
        }
        #expect(first == second)
    }

    @Test func moduleToTheCPUKeepsItsParametersAndOptimizer() throws {
        let model = try withGlobalGenerator {
            Torch.manualSeed(3)
            return try TinyVGG(inputShape: 3, hiddenUnits: 4, outputShape: 3)
        }
        let before = model.parameters()
        let values = try before.map { try $0.floats() }
        let optimizer = try Adam(model.parameters(), lr: 0.01)
        #expect(try model.to(.cpu) === model)
        #expect(model.device == .cpu)
        let after = model.parameters()
        #expect(zip(before, after).allSatisfy { $0 === $1 })
        #expect(try after.map { try $0.floats() } == values)
        #expect(optimizer.parameters.allSatisfy { $0.device == .cpu })
    }

    @Test(.enabled(if: !cudaIsAvailable, "this machine has a CUDA GPU"))
    func moduleToAnUnavailableGPUMovesNothing() throws {
        let model = try withGlobalGenerator { try TinyVGG(inputShape: 3, hiddenUnits: 4, outputShape: 3) }
        let values = try model.parameters().map { try $0.floats() }
        #expect(throws: TorchError.self) { try model.to(.cuda()) }
        #expect(model.parameters().allSatisfy { $0.device == .cpu })
        #expect(try model.parameters().map { try $0.floats() } == values)
    }

    @Test(.enabled(if: pythonWithTorch != nil, "/usr/bin/python3 cannot import torch: install python3-torch"))
    func savedStateDictsLoadInPythonWithoutMapLocation() throws {
        let python = try #require(pythonWithTorch)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("portable.pth")
        let model = try withGlobalGenerator { try TinyVGG(inputShape: 3, hiddenUnits: 4, outputShape: 3) }
        // On a GPU machine the model trains on CUDA; saving moves every tensor to the CPU first.
        try model.to(cudaIsAvailable ? .cuda() : .cpu)
        try model.stateDict().save(to: url)
        let script =
            "import sys, torch; sd = torch.load(sys.argv[1]); print(sorted({str(t.device) for t in sd.values()}))"
        let run = try runProcess(python, ["-c", script, url.path])
        try #require(run.status == 0, "Python failed to load the state dict without map_location:\n\(run.output)")
        #expect(run.output.split(separator: "\n").last == "['cpu']")
        let loaded = try StateDict(contentsOf: url)
        #expect(loaded.keys.allSatisfy { loaded[$0]?.device == .cpu })
    }

    // MARK: On a CUDA GPU only

    @Test(.enabled(if: cudaIsAvailable, "no CUDA GPU here"))
    func tensorsRoundTripThroughTheGPU() throws {
        let tensor = try Tensor([1, -2, 3.5] as [Float])
        let onGPU = try tensor.to(.cuda())
        #expect(onGPU.device == .cuda(0))
        #expect(try onGPU.floats() == [1, -2, 3.5])
        #expect(try onGPU.to(.cpu).device == .cpu)
        #expect(try Tensor.zeros([2], device: .cuda()).device == .cuda(0))
    }

    @Test(.enabled(if: cudaIsAvailable, "no CUDA GPU here"))
    func aModelSavedOnTheGPULoadsOnTheCPUAndBack() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("gpu.pth")
        let optimizerURL = directory.appendingPathComponent("gpu.optimizer")
        let model = try withGlobalGenerator { try TinyVGG(inputShape: 3, hiddenUnits: 4, outputShape: 3) }
        let optimizer = try Adam(try model.to(.cuda()).parameters(), lr: 0.01)
        let loss = try model(try Tensor.randn([2, 3, 64, 64], device: .cuda())).sum()
        try loss.backward()
        try optimizer.step()
        try model.stateDict().save(to: url)
        try optimizer.save(to: optimizerURL)

        let onCPU = try withGlobalGenerator { try TinyVGG(inputShape: 3, hiddenUnits: 4, outputShape: 3) }
        try onCPU.loadStateDict(try StateDict(contentsOf: url))
        #expect(onCPU.device == .cpu)
        for (gpu, cpu) in zip(model.parameters(), onCPU.parameters()) {
            #expect(try gpu.floats() == cpu.floats())
        }
        let cpuOptimizer = try Adam(onCPU.parameters(), lr: 0.01)
        try cpuOptimizer.load(from: optimizerURL)
        try onCPU.to(.cuda())
        #expect(onCPU.parameters().allSatisfy { $0.device == .cuda(0) })
    }
}

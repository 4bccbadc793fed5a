/// The rectified linear unit `max(0, x)`, PyTorch's `nn.ReLU`.
public final class ReLU: Module {
    /// `nn.ReLU()`.
    public override init() {
        super.init()
    }

    /// `F.relu(input)`.
    public override func forward(_ input: Tensor) throws -> Tensor {
        try input.relu()
    }
}

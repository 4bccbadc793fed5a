/// Applies its child modules in order, PyTorch's `nn.Sequential`; the children are named "0", "1", ...
public final class Sequential: Module {
    /// A sequence of `modules`, registered as children "0", "1", ...
    public init(_ modules: [Module]) {
        super.init()
        for (index, module) in modules.enumerated() {
            register(module, as: String(index))
        }
    }

    /// A sequence of `modules`, registered as children "0", "1", ...
    public convenience init(_ modules: Module...) {
        self.init(modules)
    }

    /// The number of modules in the sequence.
    public var count: Int { namedChildren.count }

    /// The module at `index` (`sequential[i]`).
    public subscript(index: Int) -> Module { namedChildren[index].1 }

    /// Feeds `input` through each module in turn.
    public override func forward(_ input: Tensor) throws -> Tensor {
        var output = input
        for (_, module) in namedChildren {
            output = try module(output)
        }
        return output
    }
}

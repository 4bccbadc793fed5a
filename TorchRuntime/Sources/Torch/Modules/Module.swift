/// A neural-network building block, PyTorch's `nn.Module`: it owns named parameters and named child modules,
/// and maps an input tensor to an output in `forward(_:)`.
///
/// Subclasses register what they own by name, so state-dict keys match PyTorch's (`conv_block_1.0.weight`):
///
/// ```swift
/// final class TinyVGG: Module {
///     let convBlock1: Sequential
///     init(hidden: Int) throws {
///         convBlock1 = try Sequential(Conv2d(inChannels: 3, outChannels: hidden, kernelSize: 3), ReLU())
///         super.init()
///         register(convBlock1, as: "conv_block_1")
///     }
///     override func forward(_ x: Tensor) throws -> Tensor { try convBlock1(x) }
/// }
/// ```
///
/// Registration order is the order of `parameters()`, `namedParameters()` and `stateDict()`, as with
/// attribute assignment in PyTorch.
open class Module {
    private var ownParameters: [(name: String, tensor: Tensor)] = []
    private var ownChildren: [(name: String, module: Module)] = []

    /// Whether the module is in training mode (`module.training`); new modules train.
    public private(set) var isTraining = true

    /// The hooks `callAsFunction(_:)` runs around `forward(_:)` (see Module+ForwardHooks.swift); empty unless a
    /// caller registered some, e.g. `summary(inputSize:)` for the length of its one forward pass.
    var forwardHooks = ForwardHooks()

    /// An empty module in training mode; subclasses register their parameters and children after `super.init()`.
    public init() {}

    /// Maps `input` to the module's output; subclasses override it (`forward` in PyTorch).
    open func forward(_ input: Tensor) throws -> Tensor {
        throw TorchError.notImplemented("\(type(of: self)) does not implement forward(_:)")
    }

    /// Calls `forward(_:)`, so a module is applied like a function: `model(x)`. Forward hooks, when any are
    /// registered (`registerForwardPreHook(_:)`, `registerForwardHook(_:)`), run around it, as in PyTorch's
    /// `__call__`; without hooks the call is `forward(_:)` alone.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard forwardHooks.isEmpty else {
            return try forwardCallingHooks(input)
        }
        return try forward(input)
    }

    // MARK: Registration

    /// Registers `parameter` under `name` (`self.name = nn.Parameter(...)`), making it require grad.
    /// Registering a name again replaces the earlier parameter in place.
    public func register(parameter: Tensor, as name: String) throws {
        try validate(name)
        try parameter.setRequiresGrad(true)
        if let index = ownParameters.firstIndex(where: { $0.name == name }) {
            ownParameters[index].tensor = parameter
        } else {
            ownParameters.append((name, parameter))
        }
    }

    /// Registers `module` as a child under `name` (`self.name = module`); returns it for chaining.
    /// Registering a name again replaces the earlier child in place.
    @discardableResult
    public func register<Child: Module>(_ module: Child, as name: String) -> Child {
        if let index = ownChildren.firstIndex(where: { $0.name == name }) {
            ownChildren[index].module = module
        } else {
            ownChildren.append((name, module))
        }
        return module
    }

    private func validate(_ name: String) throws {
        guard !name.isEmpty, !name.contains(".") else {
            throw TorchError.invalidArgument(
                operation: "Module.register_parameter",
                message: "parameter name \"\(name)\" must be non-empty and contain no \".\"")
        }
    }

    // MARK: Introspection

    /// The direct children with their names, in registration order (`named_children()`).
    public var namedChildren: [(String, Module)] { ownChildren.map { ($0.name, $0.module) } }

    /// This module's own parameters (not its children's), in registration order.
    public var namedOwnParameters: [(String, Tensor)] { ownParameters.map { ($0.name, $0.tensor) } }

    /// Every parameter with its dotted name, own parameters first, then each child's in order
    /// (`named_parameters()`): `conv_block_1.0.weight`, `conv_block_1.0.bias`, ...
    /// A tensor registered twice is listed once, under its first name, as in PyTorch.
    public func namedParameters() -> [(String, Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(String, Tensor)] = []
        collectParameters(prefix: "", into: &result, seen: &seen)
        return result
    }

    private func collectParameters(
        prefix: String, into result: inout [(String, Tensor)], seen: inout Set<ObjectIdentifier>
    ) {
        for (name, tensor) in ownParameters where seen.insert(ObjectIdentifier(tensor)).inserted {
            result.append((prefix + name, tensor))
        }
        for (name, child) in ownChildren {
            child.collectParameters(prefix: prefix + name + ".", into: &result, seen: &seen)
        }
    }

    /// Every parameter, in `namedParameters()` order (`parameters()`), e.g. for an optimizer.
    public func parameters() -> [Tensor] {
        namedParameters().map(\.1)
    }

    // MARK: Modes

    /// Sets training mode on this module and all its descendants (`train(mode)`); returns self.
    @discardableResult
    public func train(_ mode: Bool = true) -> Self {
        isTraining = mode
        for (_, child) in ownChildren {
            child.train(mode)
        }
        return self
    }

    /// Sets evaluation mode on this module and all its descendants (`eval()`); returns self.
    @discardableResult
    public func eval() -> Self {
        train(false)
    }
}

/// Forward hooks, PyTorch's `register_forward_pre_hook` and `register_forward_hook`: functions a module calls before
/// and after its `forward(_:)` whenever it is called as `module(x)`, to observe what flows through a model without
/// changing its classes. `summary(inputSize:)` records each layer's output shape with them.
///
/// ```swift
/// let handle = model.convBlock1.registerForwardHook { module, input, output in
///     print(type(of: module), input.shape, "->", output.shape)
/// }
/// _ = try model(images)
/// handle.remove()
/// ```
///
/// As in PyTorch, hooks run only when a module is called (`module(x)`, as `Sequential` and well-written
/// `forward`s call their children), not when `forward(_:)` is called directly. Unlike PyTorch's, these hooks only
/// observe: they cannot replace the input or the output. A hook that throws stops the call with its error.
extension Module {
    /// A hook run before `forward(_:)` with the module and its input.
    public typealias ForwardPreHook = (Module, Tensor) throws -> Void
    /// A hook run after `forward(_:)` with the module, its input and its output.
    public typealias ForwardHook = (Module, Tensor, Tensor) throws -> Void

    /// Registers `hook` to run before every call of this module (`register_forward_pre_hook`); hooks run in the
    /// order they were registered. The returned handle removes it.
    @discardableResult
    public func registerForwardPreHook(_ hook: @escaping ForwardPreHook) -> RemovableHandle {
        let id = forwardHooks.nextID()
        forwardHooks.preHooks.append((id, hook))
        return RemovableHandle(module: self, id: id)
    }

    /// Registers `hook` to run after every call of this module, with its input and output
    /// (`register_forward_hook`); hooks run in the order they were registered. The returned handle removes it.
    @discardableResult
    public func registerForwardHook(_ hook: @escaping ForwardHook) -> RemovableHandle {
        let id = forwardHooks.nextID()
        forwardHooks.hooks.append((id, hook))
        return RemovableHandle(module: self, id: id)
    }

    /// `forward(_:)` with the pre-hooks before it and the hooks after it.
    func forwardCallingHooks(_ input: Tensor) throws -> Tensor {
        for (_, hook) in forwardHooks.preHooks {
            try hook(self, input)
        }
        let output = try forward(input)
        for (_, hook) in forwardHooks.hooks {
            try hook(self, input, output)
        }
        return output
    }
}

/// Removes the hook it was returned for (`torch.utils.hooks.RemovableHandle`). Removing twice, or after the module
/// is gone, does nothing; dropping the handle keeps the hook.
public final class RemovableHandle {
    private weak var module: Module?
    private let id: Int

    init(module: Module, id: Int) {
        self.module = module
        self.id = id
    }

    /// Removes the hook from its module (`handle.remove()`).
    public func remove() {
        module?.forwardHooks.remove(id)
    }
}

/// A module's forward hooks, by the number their handle holds.
struct ForwardHooks {
    var preHooks: [(id: Int, hook: Module.ForwardPreHook)] = []
    var hooks: [(id: Int, hook: Module.ForwardHook)] = []
    private var lastID = 0

    /// Whether there is nothing to run: `callAsFunction` then calls `forward(_:)` alone.
    var isEmpty: Bool { preHooks.isEmpty && hooks.isEmpty }

    /// A number no earlier hook of this module had.
    mutating func nextID() -> Int {
        lastID += 1
        return lastID
    }

    /// Removes the hook numbered `id`, whichever list holds it.
    mutating func remove(_ id: Int) {
        preHooks.removeAll { $0.id == id }
        hooks.removeAll { $0.id == id }
    }
}

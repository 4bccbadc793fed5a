/// A part of a training run's state that a ``Checkpoint`` keeps under a name (`NAME_state_dict` in the file): a
/// model's weights (its state dict) or an optimizer's state (Adam's step count and moment estimates, SGD's momentum
/// buffers), in PyTorch's own layouts.
public enum TrainingState {
    /// A model: its `stateDict()` is saved and loaded back with `loadStateDict` (every key must match).
    case module(Module)
    /// An optimizer: its state is saved and loaded back into an optimizer of the same kind over the same shapes.
    case optimizer(Optimizer)

    /// What the part is, for messages.
    var kind: String {
        switch self {
        case .module: "module"
        case .optimizer: "optimizer"
        }
    }
}

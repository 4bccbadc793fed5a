import Foundation

/// Saving and restoring an optimizer's internal state (PyTorch's `optimizer.state_dict()` /
/// `load_state_dict(...)`): Adam's step count and moment estimates (`exp_avg`, `exp_avg_sq`, `max_exp_avg_sq`),
/// SGD's momentum buffers. Together with the model's weights this makes a resumed run continue exactly, bit for bit,
/// where the saved one stopped.
///
/// The bytes are libtorch's C++ optimizer archive (`torch::optim::Optimizer::save`), a TorchScript zip; Python's
/// `torch.load` does not read them. Hyper-parameters (learning rate, betas, momentum) are not restored: they are
/// the ones this optimizer was created with.
extension Optimizer {
    /// The optimizer's state as bytes, for `loadState(_:)` on an optimizer of the same kind over parameters of the
    /// same shapes.
    public func stateBytes() throws -> [UInt8] {
        try handle.stateBytes()
    }

    /// Replaces the optimizer's state with `bytes` from `stateBytes()`. Throws, and keeps the current state, when
    /// the bytes are not an optimizer state (`TorchError.libtorch`, or `.invalidArgument` for no bytes at all), or
    /// come from another kind of optimizer or do not fit the parameters (`.invalidArgument`).
    public func loadState(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else {
            throw TorchError.invalidArgument(operation: "Optimizer.load_state_dict", message: "empty optimizer state")
        }
        try handle.loadState(bytes)
    }

    /// Writes the optimizer's state to `url` atomically: an earlier file there is replaced whole or, when the
    /// write fails, kept (`TorchError.file(path, .cannotWrite)`).
    public func save(to url: URL) throws {
        try RuntimeFile.writeAtomically(Data(try stateBytes()), to: url, what: "the optimizer state")
    }

    /// Loads the optimizer's state from a file written by `save(to:)`; on any error the current state is kept.
    /// Errors are `TorchError.file` naming the file: `.cannotRead`, `.corrupt` (not an optimizer state: empty,
    /// truncated, garbage) or `.mismatched` (another kind of optimizer, amsgrad's buffer missing, other shapes).
    public func load(from url: URL) throws {
        let data = try RuntimeFile.read(url)
        do {
            try loadState([UInt8](data))
        } catch TorchError.invalidArgument(_, let message) where !data.isEmpty {
            throw TorchError.file(path: url.path, .mismatched("not a usable optimizer state: \(message)"))
        } catch let error as TorchError {
            throw TorchError.file(path: url.path, .corrupt("not a usable optimizer state: \(Self.reason(error))"))
        }
    }

    /// The message of a load error, without the operation's name.
    private static func reason(_ error: TorchError) -> String {
        switch error {
        case .libtorch(_, let message), .invalidArgument(_, let message), .outOfMemory(_, let message):
            message
        default:
            error.description
        }
    }
}

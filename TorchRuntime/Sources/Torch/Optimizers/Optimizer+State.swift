import CTorch
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
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        try check(ct_optimizer_save_state(handle, &data, &size))
        guard let data else { throw TorchError("libtorch returned no optimizer state") }
        defer { ct_bytes_free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Replaces the optimizer's state with `bytes` from `stateBytes()`. Throws, and keeps the current state, when
    /// the bytes are not an optimizer state, come from another kind of optimizer, or do not fit the parameters.
    public func loadState(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { throw TorchError("empty optimizer state") }
        try bytes.withUnsafeBufferPointer { buffer in
            try check(ct_optimizer_load_state(handle, buffer.baseAddress, buffer.count))
        }
    }

    /// Writes the optimizer's state to `url` (not atomically: write to a temporary file and rename for that).
    public func save(to url: URL) throws {
        let bytes = try stateBytes()
        do {
            try Data(bytes).write(to: url)
        } catch {
            throw TorchError("\(url.path): cannot write the optimizer state (\(error.localizedDescription))")
        }
    }

    /// Loads the optimizer's state from a file written by `save(to:)`; errors name the file, and on any error the
    /// current state is kept.
    public func load(from url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TorchError("\(url.path): cannot read the optimizer state (\(error.localizedDescription))")
        }
        do {
            try loadState([UInt8](data))
        } catch let error as TorchError {
            throw TorchError("\(url.path): not a usable optimizer state: \(error.message)")
        }
    }
}

import CTorch

/// An error reported by libtorch or by the Swift runtime over it: bad shapes, dtypes, files, state dicts.
public struct TorchError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, in libtorch's words (without its C++ backtrace) or ours.
    public let message: String

    /// Creates an error carrying `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Turns a shim status (NULL on success, else an owned message) into a thrown `TorchError`, freeing the message.
func check(_ status: ct_error?) throws {
    guard let status else { return }
    let message = String(cString: status)
    ct_error_free(status)
    throw TorchError(message)
}

/// Runs a shim call that produces a tensor through an out pointer and wraps the result.
func makeTensor(_ call: (UnsafeMutablePointer<ct_tensor?>) -> ct_error?) throws -> Tensor {
    var handle: ct_tensor?
    try check(call(&handle))
    guard let handle else { throw TorchError("libtorch returned no tensor") }
    return Tensor(handle: handle)
}

import CTorch

// The bridge between the C shim's statuses and handles and Swift's errors and owning types. Only the Tensor layer
// (this folder, `Native/`, and `Tensor/`) calls the shim.

/// Turns a shim status (NULL on success, else an owned error) into a thrown `TorchError` naming `operation`,
/// freeing the status.
func check(_ status: ct_error?, _ operation: String) throws(TorchError) {
    guard let status else { return }
    let message = String(cString: ct_error_message(status))
    let kind = ct_error_kind_of(status)
    ct_error_free(status)
    switch kind {
    case CT_ERROR_INDEX: throw .indexOutOfRange(operation: operation, message: message)
    case CT_ERROR_VALUE, CT_ERROR_NOT_IMPLEMENTED: throw .invalidArgument(operation: operation, message: message)
    case CT_ERROR_OUT_OF_MEMORY: throw .outOfMemory(operation: operation, message: message)
    default: throw .libtorch(operation: operation, message: message)
    }
}

/// Runs a shim call that produces a tensor through an out pointer and wraps the result.
func makeTensor(_ operation: String, _ call: (UnsafeMutablePointer<ct_tensor?>) -> ct_error?) throws(TorchError)
    -> Tensor
{
    var handle: ct_tensor?
    try check(call(&handle), operation)
    guard let handle else { throw .libtorch(operation: operation, message: "libtorch returned no tensor") }
    return Tensor(handle: handle)
}

/// Runs `body` with the C handles of `tensors`, keeping the tensors alive meanwhile.
func withHandles<Result>(
    _ tensors: [Tensor], _ body: (UnsafeBufferPointer<ct_tensor?>) throws -> Result
) rethrows -> Result {
    let handles: [ct_tensor?] = tensors.map(\.handle)
    return try withExtendedLifetime(tensors) {
        try handles.withUnsafeBufferPointer(body)
    }
}

import CTorch

/// How tensors lie in their storages, for `torch.save` files: writing one record per storage however many tensors
/// view it (as PyTorch does), and rebuilding each loaded tensor as a view of its storage's bytes.
extension Tensor {
    /// Where a tensor lies in its storage.
    struct StorageLayout: Equatable {
        /// Equal for tensors sharing one storage; an identity only.
        var storageID: UInt64
        /// The whole storage's size in bytes.
        var storageByteCount: Int
        /// The offset of the first element, in elements (`tensor.storage_offset()`).
        var offset: Int
        /// Elements between neighbours along each dimension (`tensor.stride()`).
        var strides: [Int]
    }

    /// The tensor's place in its storage.
    var storageLayout: StorageLayout {
        var storageID: UInt64 = 0
        var byteCount: Int64 = 0
        var offset: Int64 = 0
        var strides = [Int64](repeating: 0, count: rank)
        strides.withUnsafeMutableBufferPointer { buffer in
            ct_tensor_storage_layout(handle, &storageID, &byteCount, &offset, buffer.baseAddress)
        }
        return StorageLayout(
            storageID: storageID, storageByteCount: Int(byteCount), offset: Int(offset), strides: strides.map(Int.init))
    }

    /// The first `byteCount` bytes of the tensor's whole storage, copied to the host.
    func storageBytes(_ byteCount: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
            try check(ct_tensor_storage_copy(handle, buffer.baseAddress, byteCount), "Tensor.untyped_storage")
            initialized = byteCount
        }
    }

    /// A view of this tensor's storage (`tensor.as_strided(shape, strides, offset)`); libtorch checks that it stays
    /// inside the storage.
    func asStrided(_ shape: [Int], strides: [Int], offset: Int) throws -> Tensor {
        let sizes = shape.map(Int64.init)
        let steps = strides.map(Int64.init)
        return try makeTensor("Tensor.as_strided") { out in
            ct_tensor_as_strided(handle, sizes, steps, sizes.count, Int64(offset), out)
        }
    }
}

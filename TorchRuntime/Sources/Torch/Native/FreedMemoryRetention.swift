import CTorch

/// The largest block size glibc lets stay in the heap instead of a mapping of its own (`DEFAULT_MMAP_THRESHOLD_MAX`
/// on 64-bit systems).
public let maximumRetainedBlockSize = 32 << 20

/// Makes the C allocator keep freed blocks of up to `blockSize` bytes for reuse instead of handing them back to the
/// kernel; returns whether the allocator took the settings (`false` where it is not glibc's, or for a size outside
/// 128 KiB...``maximumRetainedBlockSize``).
///
/// libtorch allocates every CPU tensor with the C allocator. glibc serves large blocks (from 128 KiB at first) as
/// mappings of their own and returns them to the kernel when they are freed, and it trims the free top of its heap
/// beyond a small threshold, so a training loop that frees and allocates the same activation sizes at every step
/// pays a page fault, and the zeroing of a page, for every 4 KiB of them at every step. This sets glibc's mapping
/// threshold to `blockSize` (`mallopt(M_MMAP_THRESHOLD)`) and its trim threshold to eight times that
/// (`M_TRIM_THRESHOLD`): freed activations stay in the heap and the next step reuses them. Peak memory does not grow
/// (the memory is reused, not added to), but memory freed at the end of a phase is returned to the kernel later or
/// not at all. It is process-wide, like `MALLOC_MMAP_THRESHOLD_` and `MALLOC_TRIM_THRESHOLD_` in the environment;
/// call it once, early. The lesson's `train` does; on TinyVGG's training it removes about three quarters of the page
/// faults (BENCHMARKS.md in the repository).
@discardableResult
public func retainFreedMemory(blockSize: Int = maximumRetainedBlockSize) -> Bool {
    guard (128 << 10)...maximumRetainedBlockSize ~= blockSize else { return false }
    return ct_retain_freed_memory(Int64(blockSize))
}

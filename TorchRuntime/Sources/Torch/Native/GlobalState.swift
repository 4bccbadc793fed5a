import CTorch
import Foundation

/// Process-wide libtorch settings: seed, thread count, grad mode, the handle counters. Called as `Torch.manualSeed(42)`,
/// `Torch.setNumThreads(2)`, ... (module-qualified, like `torch.manual_seed`).
enum Runtime {
    /// Sets the intra-op thread count once, before the first tensor: `OMP_NUM_THREADS` when it holds a number in
    /// ``threadCounts`` (as PyTorch, which reads it too), else one thread per core (libtorch here defaults to 1
    /// thread). Swift runs this global's initialiser exactly once, thread-safely.
    ///
    /// A value outside ``threadCounts`` (`OMP_NUM_THREADS=99999`, which would make libgomp fail to create its
    /// threads at the first parallel operation) is replaced by one thread per core, with one warning line on standard
    /// error.
    ///
    /// When libtorch already has that count (it derived it from `OMP_NUM_THREADS`), nothing is called:
    /// `at::set_num_threads` also creates libtorch's pthreadpool (for QNNPACK and XNNPACK, which these modules do not
    /// use), whose worker threads spin for a while after they start, taking CPU from the threads that decode images.
    private static let defaultThreads: Void = {
        let wanted = environmentThreadCount() ?? ProcessInfo.processInfo.activeProcessorCount
        guard Int(ct_get_num_threads()) != wanted else { return }
        if let status = ct_set_num_threads(Int32(clamping: wanted)) {
            ct_error_free(status)
        }
    }()

    /// `OMP_NUM_THREADS` when it is one number in ``threadCounts``. Read from the environment itself, not through
    /// `getenv` (which a program linking `COpenMPStartup` answers for libgomp); any other value is reported once.
    static func environmentThreadCount() -> Int? {
        let value = ProcessInfo.processInfo.environment["OMP_NUM_THREADS"] ?? ""
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if let count = Int(trimmed), threadCounts.contains(count) { return count }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        FileHandle.standardError.write(
            Data(
                ("warning: OMP_NUM_THREADS=\(value) is not a number between \(threadCounts.lowerBound) and "
                    + "\(threadCounts.upperBound): using \(cores) threads (one per core)\n").utf8))
        return nil
    }

    static func ensureDefaults() {
        _ = defaultThreads
    }
}

/// Seeds libtorch's global generator, like `torch.manual_seed(seed)`: the same seed gives the same `randn` draws
/// and the same initial weights as PyTorch.
public func manualSeed(_ seed: UInt64) {
    Runtime.ensureDefaults()
    ct_manual_seed(seed)
}

/// A copy of the state of libtorch's global CPU generator, like `torch.get_rng_state()`: a uint8 tensor in libtorch's
/// own layout, which ``setRNGState(_:)`` here or `torch.set_rng_state` in Python (torch 1.13 or 2.x) puts back, so
/// that every later draw (`randn`, weight initialisation, dropout) is the one the saved run would have made.
public func getRNGState() throws -> Tensor {
    Runtime.ensureDefaults()
    return try makeTensor("torch.get_rng_state") { out in ct_get_rng_state(out) }
}

/// Replaces the state of libtorch's global CPU generator with `state`, one ``getRNGState()`` or Python's
/// `torch.get_rng_state()` returned (`torch.set_rng_state(state)`).
///
/// - Throws: ``TorchError`` when `state` is not a generator state (libtorch checks its dtype and size).
public func setRNGState(_ state: Tensor) throws {
    Runtime.ensureDefaults()
    try check(ct_set_rng_state(state.handle), "torch.set_rng_state")
}

/// The thread counts the runtime accepts: from `OMP_NUM_THREADS`, and `train --threads`.
public let threadCounts = 1...1024

/// Sets the number of threads libtorch uses inside one operation (`torch.set_num_threads`); counts outside
/// ``threadCounts`` are brought to its nearest end.
public func setNumThreads(_ count: Int) {
    Runtime.ensureDefaults()
    let clamped = Int32(min(max(count, threadCounts.lowerBound), threadCounts.upperBound))
    if let status = ct_set_num_threads(clamped) {
        ct_error_free(status)  // at::set_num_threads only rejects non-positive counts, excluded above
    }
}

/// The number of threads libtorch uses inside one operation (`torch.get_num_threads()`); defaults to the
/// machine's core count.
public var numThreads: Int {
    Runtime.ensureDefaults()
    return Int(ct_get_num_threads())
}

/// Whether autograd currently records operations on this thread (`torch.is_grad_enabled()`).
public var isGradEnabled: Bool { ct_is_grad_enabled() }

/// Runs `body` with autograd recording off on this thread and restores the previous mode afterwards, like
/// `with torch.no_grad():`.
public func noGrad<Result>(_ body: () throws -> Result) rethrows -> Result {
    let previous = ct_is_grad_enabled()
    ct_set_grad_enabled(false)
    defer { ct_set_grad_enabled(previous) }
    return try body()
}

/// The number of live libtorch handles (tensors and optimizers) created by this process and not yet freed.
/// The leak test checks that it returns to its baseline.
public var liveHandleCount: Int { Int(ct_live_handles()) }

/// Handles created minus handles freed by the calling thread: a leak check that other threads' work cannot
/// disturb (synchronous code stays on one thread).
public var handleBalanceOnThisThread: Int { Int(ct_thread_handle_balance()) }

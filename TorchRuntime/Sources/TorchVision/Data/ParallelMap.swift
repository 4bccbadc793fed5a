import Dispatch
import Synchronization

/// Runs `count` independent jobs on `workers` threads of Dispatch's shared pool (no thread start-up per call).
///
/// Each worker takes the next index from an atomic counter; results land in their own slot, so the output is in
/// index order whatever the scheduling. A failing job records its error and stops the others from starting new
/// jobs; `run` returns every slot (jobs never started report `ParallelMap.Cancelled`).
enum ParallelMap {
    /// The result of a job that was not run because another one failed first.
    struct Cancelled: Error {}

    static func run<T: Sendable>(
        count: Int, workers: Int, stopOnError: Bool = false, _ job: @Sendable (Int) throws -> T
    ) -> [Result<T, any Error>] {
        let slots = Slots<Result<T, any Error>>(count: count, initial: .failure(Cancelled()))
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
            while true {
                if stopOnError && failed.load(ordering: .relaxed) { return }
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if index >= count { return }
                do {
                    slots[index] = .success(try job(index))
                } catch {
                    slots[index] = .failure(error)
                    failed.store(true, ordering: .relaxed)
                }
            }
        }
        return slots.values
    }
}

/// Fixed-size storage that distinct threads write at distinct indices (each index written by one job only).
/// The buffer is allocated once, so concurrent writes to different slots never touch shared Swift state.
private final class Slots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<T>

    init(count: Int, initial: T) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: initial)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    subscript(index: Int) -> T {
        get { buffer[index] }
        set { buffer[index] = newValue }
    }

    var values: [T] { Array(buffer) }
}

import Dispatch
import Synchronization

/// Work spread over every core, with results that do not depend on the scheduling: each task fills the slot of its
/// index, and the results are read back in index order once every task has finished.
enum ParallelWork {
    /// `body(0) ... body(count - 1)`, run on every core, in index order; inline (on this thread, in order) when
    /// there are fewer than `minimumCount` (starting the worker threads costs more than a few small tasks take).
    /// `body` is called from several threads at once: it must touch no shared mutable state.
    static func results<Value>(count: Int, minimumCount: Int = 2, _ body: @Sendable (Int) -> Value) -> [Value] {
        guard count >= max(minimumCount, 2) else { return (0..<count).map(body) }
        let slots = ResultSlots<Value>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.store(body(index), at: index) }
        return slots.results()
    }
}

extension ParallelWork {
    /// Frees `values` on every core: with hundreds of notebooks, freeing them one after the other is a good part of
    /// what a run does on one thread.
    static func release<Value>(_ values: consuming [Value]) {
        let count = values.count
        guard count >= 64 else { return }
        let box = ReleasedValues(values)
        let chunk = 16
        DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { index in
            box.release(index * chunk..<min((index + 1) * chunk, count))
        }
    }
}

/// Values moved out of an array, for ``ParallelWork/release(_:)``: each task deinitialises its own range, and the
/// memory is returned once every task has finished.
private final class ReleasedValues<Value>: @unchecked Sendable {
    private let values: UnsafeMutableBufferPointer<Value>

    init(_ array: consuming [Value]) {
        values = .allocate(capacity: array.count)
        _ = values.initialize(fromContentsOf: array)
    }

    deinit { values.deallocate() }

    func release(_ range: Range<Int>) { UnsafeMutableBufferPointer(rebasing: values[range]).deinitialize() }
}

/// One slot per task for ``ParallelWork/results(count:_:)``: each slot is written by exactly one task, and read back
/// only after all of them have finished (`concurrentPerform` returns then), so no two threads ever touch one slot.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ value: Value, at index: Int) { slots[index] = value }

    func results() -> [Value] { slots.map { $0! } }
}

/// A flag that any task of a parallel loop can raise and every task can read (say, "a write failed: start no more").
final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// Whether the flag was raised.
    var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Raises the flag.
    func raise() { raised.store(true, ordering: .relaxed) }
}

import Dispatch
import Synchronization

/// Work spread over every core, with results that do not depend on the scheduling: each task fills the slot of its
/// index, and the results are read back in index order once every task has finished.
enum ParallelWork {
    /// `body(0) ... body(count - 1)`, run on every core (inline when there is only one), in index order.
    /// `body` is called from several threads at once: it must touch no shared mutable state.
    static func results<Value>(count: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
        guard count > 1 else { return (0..<count).map(body) }
        let slots = ResultSlots<Value>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.store(body(index), at: index) }
        return slots.results()
    }
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

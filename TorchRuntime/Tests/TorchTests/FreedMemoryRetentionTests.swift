import Testing
import Torch

/// What the setting saves (page faults and CPU time of a training run) is measured by scripts/bench-pipeline.sh,
/// not asserted here: glibc's heap layout from one allocation to the next is not a contract.
@Suite("Freed memory retention")
struct FreedMemoryRetentionTests {
    @Test func glibcTakesSizesInItsRangeAndOthersAreRefused() {
        let tooSmall = Torch.retainFreedMemory(blockSize: 4096)
        let tooLarge = Torch.retainFreedMemory(blockSize: Torch.maximumRetainedBlockSize + 1)
        #expect(!tooSmall && !tooLarge)
        let smallest = Torch.retainFreedMemory(blockSize: 128 << 10)
        let largest = Torch.retainFreedMemory()
        #expect(smallest && largest)
    }
}

import Synchronization

/// The decoded-sample cache: each transformed sample of a deterministic dataset (no random transform), kept after
/// it is first decoded and handed out again in later epochs instead of decoding the file again.
///
/// A ``DataLoader`` made with `cache: true` owns one; the loaders of the ranks' shards
/// (``DataLoader/distributed(rank:worldSize:)``) share their loader's, so an image is decoded once per process
/// whichever epoch's shard it falls in. The decoding threads fill it concurrently.
final class SampleCache: Sendable {
    private let examples: Mutex<[Example?]>

    /// A cache for a dataset of `count` samples.
    init(count: Int) { examples = Mutex(Array(repeating: nil, count: count)) }

    /// The sample at `index`, once decoded.
    subscript(index: Int) -> Example? {
        get { examples.withLock { $0[index] } }
        set { examples.withLock { $0[index] = newValue } }
    }
}

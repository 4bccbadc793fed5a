import Synchronization

/// Fixed-point filter coefficients of Pillow's bilinear resampling along one axis, shared between images.
///
/// For output index `i`, the input samples `starts[i] ..< starts[i] + counts[i]` are weighted by
/// `weights[i * stride ..< i * stride + counts[i]]` (22-bit fixed point, as Pillow's `precompute_coeffs` and
/// `normalize_coeffs_8bpc` compute them). The weights are also kept split for the SSE2 kernels: each weight
/// `w` is `high << 11 + low` with both halves in 0..<2048 (or 2048 for `high`), so that 16-bit multiply-adds of
/// pixels with the halves add up, in exact integer arithmetic, to the same sums as the 32-bit products.
final class ResamplingCoefficients: Sendable {
    static let precisionBits = 22
    /// Where a weight is split for the 16-bit kernels.
    static let splitBits = 11

    let inputSize: Int
    let outputSize: Int
    let starts: [Int]
    let counts: [Int]
    let weights: [Int32]
    let stride: Int
    /// Whether every weight lies in `0...(1 << 22)`, the range the split kernels are exact for.
    let fitsSplitKernels: Bool
    /// Per output index, its taps in groups of four (the last padded with zero weights).
    let groupCounts: [Int]
    /// Groups of four taps reserved per output index in `splitWeights`.
    let groupStride: Int
    /// Per output index and group of taps `k ..< k + 4`, four vectors of four equal 32-bit lanes, each lane two
    /// 16-bit weights: (low(k), low(k+1)), (low(k+2), low(k+3)), (high(k), high(k+1)), (high(k+2), high(k+3)).
    let splitWeights: [Int32]

    /// Computes the coefficients for resampling `inputSize` samples to `outputSize` (both positive).
    init(inputSize: Int, outputSize: Int) {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1.0)
        let support = 1.0 * filterScale  // bilinear filter support is 1
        let stride = Int(support.rounded(.up)) * 2 + 1
        var starts = [Int](repeating: 0, count: outputSize)
        var counts = [Int](repeating: 0, count: outputSize)
        var weights = [Int32](repeating: 0, count: outputSize * stride)
        var row = [Double](repeating: 0, count: stride)
        var fits = true
        for out in 0..<outputSize {
            let center = (Double(out) + 0.5) * scale
            let inverse = 1.0 / filterScale
            let lower = max(Int(center - support + 0.5), 0)
            let upper = min(Int(center + support + 0.5), inputSize)
            let count = upper - lower
            var total = 0.0
            for k in 0..<count {
                let x = abs((Double(k + lower) - center + 0.5) * inverse)
                let w = x < 1.0 ? 1.0 - x : 0.0
                row[k] = w
                total += w
            }
            for k in 0..<count {
                let w = total != 0.0 ? row[k] / total : row[k]
                let fixed = w * Double(1 << Self.precisionBits)
                let weight = Int32(w < 0 ? -0.5 + fixed : 0.5 + fixed)
                weights[out * stride + k] = weight
                if weight < 0 || weight > 1 << Self.precisionBits { fits = false }
            }
            starts[out] = lower
            counts[out] = count
        }
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.starts = starts
        self.counts = counts
        self.weights = weights
        self.stride = stride
        self.fitsSplitKernels = fits
        let groupStride = (stride + 3) / 4
        var split = [Int32](repeating: 0, count: outputSize * groupStride * 16)
        for out in 0..<outputSize {
            for k in 0..<counts[out] {
                let weight = weights[out * stride + k]
                let low = weight & Int32(1 << Self.splitBits - 1)
                let high = weight >> Int32(Self.splitBits)
                let group = out * groupStride + k / 4
                let vector = group * 4 + (k % 4) / 2  // low(k) goes to vector 0 or 1, high(k) to 2 or 3
                let shift = Int32(16 * (k % 2))
                for lane in 0..<4 {
                    split[vector * 4 + lane] |= low << shift
                    split[(vector + 2) * 4 + lane] |= high << shift
                }
            }
        }
        self.groupCounts = counts.map { ($0 + 3) / 4 }
        self.groupStride = groupStride
        self.splitWeights = split
    }

    private struct Key: Hashable {
        let inputSize: Int
        let outputSize: Int
    }

    /// The most axes kept; a data set of many different sizes starts the cache over when it fills.
    private static let cacheLimit = 64
    private static let cache = Mutex<[Key: ResamplingCoefficients]>([:])

    /// The coefficients for `inputSize` → `outputSize`, computed once and shared by all threads.
    static func shared(inputSize: Int, outputSize: Int) -> ResamplingCoefficients {
        let key = Key(inputSize: inputSize, outputSize: outputSize)
        if let found = cache.withLock({ $0[key] }) { return found }
        let made = ResamplingCoefficients(inputSize: inputSize, outputSize: outputSize)
        return cache.withLock { table in
            if let found = table[key] { return found }
            if table.count >= cacheLimit { table.removeAll() }
            table[key] = made
            return made
        }
    }
}

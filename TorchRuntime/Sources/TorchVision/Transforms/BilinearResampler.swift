/// PIL's antialiased bilinear resampling (`Image.resize(size, Image.BILINEAR)`), reimplemented.
///
/// Semantics follow Pillow's `libImaging/Resample.c`: a triangle filter whose support grows with the
/// downscale factor, per-output-pixel coefficients normalised in double precision and then quantised to
/// 22-bit fixed point with rounding, a horizontal pass over only the rows the vertical pass needs, then a
/// vertical pass; each pass rounds (`+ 2^21`, `>> 22`) and clamps to 0...255.
enum BilinearResampler {
    private static let precisionBits = 22

    /// Fixed-point filter coefficients for one axis: for output index `i`, input samples
    /// `starts[i] ..< starts[i] + counts[i]` weighted by `weights[i * stride ..< i * stride + counts[i]]`.
    struct Coefficients {
        var starts: [Int]
        var counts: [Int]
        var weights: [Int32]
        var stride: Int

        init(inputSize: Int, outputSize: Int) {
            let scale = Double(inputSize) / Double(outputSize)
            let filterScale = max(scale, 1.0)
            let support = 1.0 * filterScale  // bilinear filter support is 1
            let stride = Int(support.rounded(.up)) * 2 + 1
            var starts = [Int](repeating: 0, count: outputSize)
            var counts = [Int](repeating: 0, count: outputSize)
            var weights = [Int32](repeating: 0, count: outputSize * stride)
            var row = [Double](repeating: 0, count: stride)
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
                    let fixed = w * Double(1 << BilinearResampler.precisionBits)
                    weights[out * stride + k] = Int32(w < 0 ? -0.5 + fixed : 0.5 + fixed)
                }
                starts[out] = lower
                counts[out] = count
            }
            self.starts = starts
            self.counts = counts
            self.weights = weights
            self.stride = stride
        }
    }

    /// Resizes `image` to `width` x `height` exactly like Pillow's BILINEAR resize with a full-image box.
    static func resize(_ image: Image, width: Int, height: Int) -> Image {
        if width == image.width && height == image.height { return image }
        let c = image.channels
        let horizontal = Coefficients(inputSize: image.width, outputSize: width)
        let vertical = Coefficients(inputSize: image.height, outputSize: height)
        // Rows of the source that the vertical pass reads.
        let firstRow = vertical.starts[0]
        let lastRow = vertical.starts[height - 1] + vertical.counts[height - 1]

        var source = image.pixels
        var sourceWidth = image.width
        var rowOffset = 0
        if width != image.width {
            source = horizontalPass(
                image.pixels, inputWidth: image.width, channels: c, rows: firstRow..<lastRow, coefficients: horizontal,
                outputWidth: width)
            sourceWidth = width
            rowOffset = firstRow
        }
        if height == image.height && rowOffset == 0 && source.count == width * height * c {
            return Image(unchecked: width, height, c, source)
        }
        let out = verticalPass(
            source, width: sourceWidth, channels: c, rowOffset: rowOffset, coefficients: vertical, outputHeight: height)
        return Image(unchecked: width, height, c, out)
    }

    @inline(__always)
    private static func clip(_ value: Int32) -> UInt8 {
        let shifted = value >> Int32(precisionBits)
        return shifted < 0 ? 0 : (shifted > 255 ? 255 : UInt8(shifted))
    }

    private static func horizontalPass(
        _ input: [UInt8], inputWidth: Int, channels c: Int, rows: Range<Int>, coefficients: Coefficients,
        outputWidth: Int
    ) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: rows.count * outputWidth * c)
        let half = Int32(1 << (precisionBits - 1))
        input.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                coefficients.weights.withUnsafeBufferPointer { weights in
                    coefficients.starts.withUnsafeBufferPointer { starts in
                        coefficients.counts.withUnsafeBufferPointer { counts in
                            for (outRow, y) in rows.enumerated() {
                                let srcRow = y * inputWidth * c
                                let dstRow = outRow * outputWidth * c
                                for x in 0..<outputWidth {
                                    let count = counts[x]
                                    let w = x * coefficients.stride
                                    var p = srcRow + starts[x] * c
                                    if c == 3 {
                                        // The common RGB case: one pass over the taps for all three channels.
                                        var (s0, s1, s2) = (half, half, half)
                                        for k in 0..<count {
                                            let weight = weights[w + k]
                                            s0 &+= Int32(src[p]) &* weight
                                            s1 &+= Int32(src[p + 1]) &* weight
                                            s2 &+= Int32(src[p + 2]) &* weight
                                            p += 3
                                        }
                                        dst[dstRow + x * 3] = clip(s0)
                                        dst[dstRow + x * 3 + 1] = clip(s1)
                                        dst[dstRow + x * 3 + 2] = clip(s2)
                                        continue
                                    }
                                    for channel in 0..<c {
                                        var sum = half
                                        var q = p + channel
                                        for k in 0..<count {
                                            sum &+= Int32(src[q]) &* weights[w + k]
                                            q += c
                                        }
                                        dst[dstRow + x * c + channel] = clip(sum)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    private static func verticalPass(
        _ input: [UInt8], width: Int, channels c: Int, rowOffset: Int, coefficients: Coefficients, outputHeight: Int
    ) -> [UInt8] {
        let rowLength = width * c
        var out = [UInt8](repeating: 0, count: outputHeight * rowLength)
        let half = Int32(1 << (precisionBits - 1))
        var sums = [Int32](repeating: 0, count: rowLength)
        input.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                coefficients.weights.withUnsafeBufferPointer { weights in
                    sums.withUnsafeMutableBufferPointer { sums in
                        for y in 0..<outputHeight {
                            let start = coefficients.starts[y] - rowOffset
                            let count = coefficients.counts[y]
                            let w = y * coefficients.stride
                            for i in 0..<rowLength { sums[i] = half }
                            for k in 0..<count {
                                let weight = weights[w + k]
                                let row = (start + k) * rowLength
                                for i in 0..<rowLength { sums[i] &+= Int32(src[row + i]) &* weight }
                            }
                            let dstRow = y * rowLength
                            for i in 0..<rowLength { dst[dstRow + i] = clip(sums[i]) }
                        }
                    }
                }
            }
        }
        return out
    }
}

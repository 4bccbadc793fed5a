/// PIL's antialiased bilinear resampling (`Image.resize(size, Image.BILINEAR)`), reimplemented.
///
/// Semantics follow Pillow's `libImaging/Resample.c`: a triangle filter whose support grows with the
/// downscale factor, per-output-pixel coefficients normalised in double precision and then quantised to
/// 22-bit fixed point with rounding (`ResamplingCoefficients`), a horizontal pass over only the rows the vertical
/// pass needs, then a vertical pass over the narrowed rows; each pass rounds (`+ 2^21`, `>> 22`) and clamps to
/// 0...255. Sums are integers, so any order of adding them up gives Pillow's bytes: on x86-64 the RGB passes use
/// SSE2 (part of every x86-64 CPU) 16-bit multiply-adds over split weights, elsewhere scalar loops.
enum BilinearResampler {
    /// Which implementation of the passes to run; results are equal, `scalar` is the reference.
    enum Kernels: Sendable {
        /// SSE2 for three-channel images on x86-64, scalar otherwise.
        case fastest
        /// Plain loops for every image.
        case scalar
    }

    private static let precisionBits = ResamplingCoefficients.precisionBits
    static let half = Int32(1 << (precisionBits - 1))

    /// Resizes `image` to `width` x `height` exactly like Pillow's BILINEAR resize with a full-image box.
    static func resize(_ image: Image, width: Int, height: Int, kernels: Kernels = .fastest) -> Image {
        if width == image.width && height == image.height { return image }
        let c = image.channels
        let horizontal = ResamplingCoefficients.shared(inputSize: image.width, outputSize: width)
        let vertical = ResamplingCoefficients.shared(inputSize: image.height, outputSize: height)
        let useSIMD = kernels == .fastest && c == 3 && horizontal.fitsSplitKernels && vertical.fitsSplitKernels
        // Rows of the source that the vertical pass reads.
        let firstRow = vertical.starts[0]
        let lastRow = vertical.starts[height - 1] + vertical.counts[height - 1]

        var source = image.pixels
        var sourceWidth = image.width
        var rowOffset = 0
        if width != image.width {
            source = horizontalPass(
                image.pixels, inputWidth: image.width, channels: c, rows: firstRow..<lastRow, coefficients: horizontal,
                outputWidth: width, useSIMD: useSIMD)
            sourceWidth = width
            rowOffset = firstRow
        }
        if height == image.height && rowOffset == 0 && source.count == width * height * c {
            return Image(unchecked: width, height, c, source)
        }
        let out = verticalPass(
            source, width: sourceWidth, channels: c, rowOffset: rowOffset, coefficients: vertical,
            outputHeight: height, useSIMD: useSIMD)
        return Image(unchecked: width, height, c, out)
    }

    @inline(__always)
    static func clip(_ value: Int32) -> UInt8 {
        let shifted = value >> Int32(precisionBits)
        return shifted < 0 ? 0 : (shifted > 255 ? 255 : UInt8(shifted))
    }

    private static func horizontalPass(
        _ input: [UInt8], inputWidth: Int, channels c: Int, rows: Range<Int>, coefficients: ResamplingCoefficients,
        outputWidth: Int, useSIMD: Bool
    ) -> [UInt8] {
        let count = rows.count * outputWidth * c
        return [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            input.withUnsafeBufferPointer { src in
                #if arch(x86_64)
                    if useSIMD {
                        horizontalRGBSSE2(
                            src, inputWidth: inputWidth, rows: rows, coefficients: coefficients, into: out,
                            outputWidth: outputWidth)
                        return
                    }
                #endif
                horizontalScalar(
                    src, inputWidth: inputWidth, channels: c, rows: rows, coefficients: coefficients, into: out,
                    outputWidth: outputWidth)
            }
            initialized = count
        }
    }

    /// The horizontal pass over source rows `rows` (any channels).
    static func horizontalScalar(
        _ src: UnsafeBufferPointer<UInt8>, inputWidth: Int, channels c: Int, rows: Range<Int>,
        coefficients: ResamplingCoefficients, into dst: UnsafeMutableBufferPointer<UInt8>, outputWidth: Int
    ) {
        for y in rows {
            horizontalScalar(
                src, inputWidth: inputWidth, channels: c, row: y, outRow: y - rows.lowerBound, columns: 0..<outputWidth,
                coefficients: coefficients, into: dst, outputWidth: outputWidth)
        }
    }

    /// The horizontal pass for output pixels `columns` of source row `y` into output row `outRow` (any channels).
    static func horizontalScalar(
        _ src: UnsafeBufferPointer<UInt8>, inputWidth: Int, channels c: Int, row y: Int, outRow: Int,
        columns: Range<Int>, coefficients: ResamplingCoefficients, into dst: UnsafeMutableBufferPointer<UInt8>,
        outputWidth: Int
    ) {
        let stride = coefficients.stride
        coefficients.weights.withUnsafeBufferPointer { weights in
            coefficients.starts.withUnsafeBufferPointer { starts in
                coefficients.counts.withUnsafeBufferPointer { counts in
                    let srcRow = y * inputWidth * c
                    let dstRow = outRow * outputWidth * c
                    for x in columns {
                        let count = counts[x]
                        let w = x * stride
                        let p = srcRow + starts[x] * c
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

    private static func verticalPass(
        _ input: [UInt8], width: Int, channels c: Int, rowOffset: Int, coefficients: ResamplingCoefficients,
        outputHeight: Int, useSIMD: Bool
    ) -> [UInt8] {
        let rowLength = width * c
        let count = outputHeight * rowLength
        return [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            input.withUnsafeBufferPointer { src in
                #if arch(x86_64)
                    if useSIMD {
                        verticalSSE2(
                            src, rowLength: rowLength, rowOffset: rowOffset, coefficients: coefficients, into: out,
                            outputHeight: outputHeight)
                        return
                    }
                #endif
                verticalScalar(
                    src, rowLength: rowLength, rowOffset: rowOffset, coefficients: coefficients, into: out,
                    outputHeight: outputHeight)
            }
            initialized = count
        }
    }

    /// The vertical pass, row by row: each output row sums whole input rows (any channels).
    static func verticalScalar(
        _ src: UnsafeBufferPointer<UInt8>, rowLength: Int, rowOffset: Int, coefficients: ResamplingCoefficients,
        into dst: UnsafeMutableBufferPointer<UInt8>, outputHeight: Int
    ) {
        let stride = coefficients.stride
        var sums = [Int32](repeating: 0, count: rowLength)
        coefficients.weights.withUnsafeBufferPointer { weights in
            sums.withUnsafeMutableBufferPointer { sums in
                for y in 0..<outputHeight {
                    let start = coefficients.starts[y] - rowOffset
                    let count = coefficients.counts[y]
                    let w = y * stride
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

    /// The vertical pass for the bytes `bytes` of output row `y` (the tail the SSE2 kernel leaves).
    static func verticalScalar(
        _ src: UnsafeBufferPointer<UInt8>, rowLength: Int, rowOffset: Int, coefficients: ResamplingCoefficients,
        row y: Int, bytes: Range<Int>, into dst: UnsafeMutableBufferPointer<UInt8>
    ) {
        let start = coefficients.starts[y] - rowOffset
        let count = coefficients.counts[y]
        let w = y * coefficients.stride
        coefficients.weights.withUnsafeBufferPointer { weights in
            for i in bytes {
                var sum = half
                var q = start * rowLength + i
                for k in 0..<count {
                    sum &+= Int32(src[q]) &* weights[w + k]
                    q += rowLength
                }
                dst[y * rowLength + i] = clip(sum)
            }
        }
    }
}

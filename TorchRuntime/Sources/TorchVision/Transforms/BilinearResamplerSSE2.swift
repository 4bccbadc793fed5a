#if arch(x86_64)
    import _Builtin_intrinsics.intel

    // The RGB passes of `BilinearResampler` with SSE2, which every x86-64 CPU has (no run-time check needed).
    //
    // SSE2 has no 32-bit vector multiply, but it has `pmaddwd`: eight 16-bit products added in pairs into four
    // 32-bit lanes. Each weight (0...2^22) is split as `high << 11 + low` (`low` below 2^11, `high` at most 2^11),
    // the pixels are multiplied by both halves, and `(sumHigh << 11) + sumLow` is exactly Pillow's 32-bit sum:
    // integer addition is associative, and every partial sum is a non-negative part of that sum, which stays below
    // 255 * (2^22 + taps) < 2^31. So the bytes equal the scalar kernels' (and Pillow's) for every image.
    extension BilinearResampler {
        /// The eight bytes at `offset` in the low half of a vector (the high half zero).
        @inline(__always)
        private static func load8(_ base: UnsafeRawPointer, _ offset: Int) -> __m128i {
            _mm_cvtsi64_si128(Int64(bitPattern: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        }

        /// The sixteen bytes at `offset`.
        @inline(__always)
        private static func load16(_ base: UnsafeRawPointer, _ offset: Int) -> __m128i {
            base.loadUnaligned(fromByteOffset: offset, as: __m128i.self)
        }

        /// `(high << 11) + low + 2^21 >> 22`, per 32-bit lane (not yet clamped).
        @inline(__always)
        private static func combine(_ low: __m128i, _ high: __m128i) -> __m128i {
            let sum = _mm_add_epi32(
                _mm_add_epi32(_mm_slli_epi32(high, Int32(ResamplingCoefficients.splitBits)), low),
                _mm_set1_epi32(half))
            return _mm_srai_epi32(sum, Int32(ResamplingCoefficients.precisionBits))
        }

        /// The horizontal pass of an RGB image over source rows `rows`.
        ///
        /// Per output pixel, four taps at a time: the pixel pairs (k, k+1) and (k+2, k+3) are interleaved into
        /// 16-bit lanes `r r g g b b _ _` and multiplied-added with the pairs' split weights; the fourth lane
        /// is ignored. Taps past the filter's window have zero weights. Output pixels whose eight-byte loads would
        /// pass the end of the image are done by the scalar kernel.
        static func horizontalRGBSSE2(
            _ src: UnsafeBufferPointer<UInt8>, inputWidth: Int, rows: Range<Int>,
            coefficients: ResamplingCoefficients, into dst: UnsafeMutableBufferPointer<UInt8>, outputWidth: Int
        ) {
            guard let srcBase = src.baseAddress, let dstBase = dst.baseAddress else { return }
            let base = UnsafeRawPointer(srcBase)
            let zero = _mm_setzero_si128()
            let groupStride = coefficients.groupStride
            coefficients.splitWeights.withUnsafeBufferPointer { splitWeights in
                coefficients.starts.withUnsafeBufferPointer { starts in
                    coefficients.groupCounts.withUnsafeBufferPointer { groupCounts in
                        let weights = UnsafeRawPointer(splitWeights.baseAddress!)
                        for y in rows {
                            let srcRow = y * inputWidth * 3
                            let outRow = y - rows.lowerBound
                            var d = outRow * outputWidth * 3
                            for x in 0..<outputWidth {
                                let groups = groupCounts[x]
                                var p = srcRow + starts[x] * 3
                                // The last group loads 8 bytes at p + 12 * (groups - 1) + 9.
                                if p + 12 * groups + 5 > src.count {
                                    horizontalScalar(
                                        src, inputWidth: inputWidth, channels: 3, row: y, outRow: outRow,
                                        columns: x..<x + 1, coefficients: coefficients, into: dst,
                                        outputWidth: outputWidth)
                                    d += 3
                                    continue
                                }
                                var w = x * groupStride * 64
                                var low = zero
                                var high = zero
                                for _ in 0..<groups {
                                    let a = _mm_unpacklo_epi8(
                                        _mm_unpacklo_epi8(load8(base, p), load8(base, p &+ 3)), zero)
                                    let b = _mm_unpacklo_epi8(
                                        _mm_unpacklo_epi8(load8(base, p &+ 6), load8(base, p &+ 9)), zero)
                                    low = _mm_add_epi32(low, _mm_madd_epi16(a, load16(weights, w)))
                                    low = _mm_add_epi32(low, _mm_madd_epi16(b, load16(weights, w &+ 16)))
                                    high = _mm_add_epi32(high, _mm_madd_epi16(a, load16(weights, w &+ 32)))
                                    high = _mm_add_epi32(high, _mm_madd_epi16(b, load16(weights, w &+ 48)))
                                    p &+= 12
                                    w &+= 64
                                }
                                let values = combine(low, high)
                                let bytes = _mm_cvtsi128_si32(_mm_packus_epi16(_mm_packs_epi32(values, values), zero))
                                if d &+ 4 <= dst.count {
                                    // The fourth byte is the next pixel's, written next (or past this row).
                                    UnsafeMutableRawPointer(dstBase).storeBytes(
                                        of: bytes, toByteOffset: d, as: Int32.self)
                                } else {
                                    dstBase[d] = UInt8(truncatingIfNeeded: bytes)
                                    dstBase[d &+ 1] = UInt8(truncatingIfNeeded: bytes >> 8)
                                    dstBase[d &+ 2] = UInt8(truncatingIfNeeded: bytes >> 16)
                                }
                                d += 3
                            }
                        }
                    }
                }
            }
        }

        /// The vertical pass over rows of `rowLength` bytes (any channels), sixteen bytes of a row at a time.
        ///
        /// Pairs of input rows (k, k+1) are interleaved byte by byte into 16-bit lanes and multiplied-added with
        /// the pair's split weights; an odd last tap pairs with itself under a zero weight. Bytes past the last
        /// multiple of sixteen are done by the scalar kernel.
        static func verticalSSE2(
            _ src: UnsafeBufferPointer<UInt8>, rowLength: Int, rowOffset: Int, coefficients: ResamplingCoefficients,
            into dst: UnsafeMutableBufferPointer<UInt8>, outputHeight: Int
        ) {
            guard let srcBase = src.baseAddress, let dstBase = dst.baseAddress else { return }
            let base = UnsafeRawPointer(srcBase)
            let out = UnsafeMutableRawPointer(dstBase)
            let zero = _mm_setzero_si128()
            let pairCapacity = (coefficients.stride + 1) / 2
            let mask = Int32(1 << ResamplingCoefficients.splitBits - 1)
            let splitBits = Int32(ResamplingCoefficients.splitBits)
            let vectorEnd = rowLength - rowLength % 16
            withUnsafeTemporaryAllocation(of: __m128i.self, capacity: pairCapacity * 2) { pairWeights in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: pairCapacity * 2) { pairRows in
                    coefficients.weights.withUnsafeBufferPointer { weights in
                        for y in 0..<outputHeight {
                            let start = coefficients.starts[y] - rowOffset
                            let count = coefficients.counts[y]
                            let w = y * coefficients.stride
                            let pairs = (count + 1) / 2
                            for j in 0..<pairs {
                                let first = weights[w + 2 * j]
                                let second = 2 * j + 1 < count ? weights[w + 2 * j + 1] : 0
                                pairWeights[2 * j] = _mm_set1_epi32((first & mask) | (second & mask) << 16)
                                pairWeights[2 * j + 1] = _mm_set1_epi32(
                                    first >> splitBits | (second >> splitBits) << 16)
                                pairRows[2 * j] = (start + 2 * j) * rowLength
                                pairRows[2 * j + 1] = (start + min(2 * j + 1, count - 1)) * rowLength
                            }
                            var i = 0
                            while i < vectorEnd {
                                var low0 = zero
                                var low1 = zero
                                var low2 = zero
                                var low3 = zero
                                var high0 = zero
                                var high1 = zero
                                var high2 = zero
                                var high3 = zero
                                for j in 0..<pairs {
                                    let row0 = load16(base, pairRows[2 * j] + i)
                                    let row1 = load16(base, pairRows[2 * j + 1] + i)
                                    let lowWeights = pairWeights[2 * j]
                                    let highWeights = pairWeights[2 * j + 1]
                                    let interleavedLow = _mm_unpacklo_epi8(row0, row1)
                                    let interleavedHigh = _mm_unpackhi_epi8(row0, row1)
                                    let v0 = _mm_unpacklo_epi8(interleavedLow, zero)
                                    let v1 = _mm_unpackhi_epi8(interleavedLow, zero)
                                    let v2 = _mm_unpacklo_epi8(interleavedHigh, zero)
                                    let v3 = _mm_unpackhi_epi8(interleavedHigh, zero)
                                    low0 = _mm_add_epi32(low0, _mm_madd_epi16(v0, lowWeights))
                                    low1 = _mm_add_epi32(low1, _mm_madd_epi16(v1, lowWeights))
                                    low2 = _mm_add_epi32(low2, _mm_madd_epi16(v2, lowWeights))
                                    low3 = _mm_add_epi32(low3, _mm_madd_epi16(v3, lowWeights))
                                    high0 = _mm_add_epi32(high0, _mm_madd_epi16(v0, highWeights))
                                    high1 = _mm_add_epi32(high1, _mm_madd_epi16(v1, highWeights))
                                    high2 = _mm_add_epi32(high2, _mm_madd_epi16(v2, highWeights))
                                    high3 = _mm_add_epi32(high3, _mm_madd_epi16(v3, highWeights))
                                }
                                let words0 = _mm_packs_epi32(combine(low0, high0), combine(low1, high1))
                                let words1 = _mm_packs_epi32(combine(low2, high2), combine(low3, high3))
                                out.storeBytes(
                                    of: _mm_packus_epi16(words0, words1), toByteOffset: y * rowLength + i,
                                    as: __m128i.self)
                                i += 16
                            }
                            if vectorEnd < rowLength {
                                verticalScalar(
                                    src, rowLength: rowLength, rowOffset: rowOffset, coefficients: coefficients,
                                    row: y, bytes: vectorEnd..<rowLength, into: dst)
                            }
                        }
                    }
                }
            }
        }
    }
#endif

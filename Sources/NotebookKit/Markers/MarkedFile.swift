/// A two-way export file in memory: a header, then each exported cell's text under a marker line that names the
/// cell. Rendering is `header` then, per segment, a line feed, the marker line, a line feed, the body and a line feed
/// (swiftai's layout, which the nbdev style shares), so that parsing an unedited file gives back every body exactly.
struct MarkedFile: Equatable {
    /// One exported cell.
    struct Segment: Equatable {
        /// What the marker names the cell by (its id, or its index for swiftai).
        var key: String
        /// The whole marker line, without its line feed.
        var marker: String
        /// The cell's exported text: its code under ``framing``.
        var body: String
        /// The cell.
        var cell: CellReference
        /// What the export wrote into or around the cell's code (a doc comment, a test function), which `update`
        /// takes off again.
        var framing: SegmentFraming = .none
    }

    /// The path relative to the output root.
    var path: String
    /// The text before the first segment.
    var header: String
    /// The exported cells, in notebook order.
    var segments: [Segment]

    /// The file's text.
    var text: String {
        var text = header
        for segment in segments { text += "\n" + segment.marker + "\n" + segment.body + "\n" }
        return text
    }
}

/// A segment found in a file on disk: the key its marker names, the body under it, and the marker's line.
struct ParsedSegment: Equatable {
    /// The key named by the marker.
    var key: String
    /// The text under the marker, up to the next marker.
    var body: String
    /// The 1-based line of the marker.
    var line: Int
}

/// Finds the markers of a two-way file and cuts its text into segments.
enum MarkedFileParser {
    /// The segments of `text`; `key` recognises a marker line (without its line feed) and returns the key it names.
    /// Lines are cut at line feeds only, byte by byte, so carriage returns stay in the bodies.
    static func segments(of text: String, key: (Substring) -> String?) -> [ParsedSegment] {
        let bytes = Array(text.utf8)
        var markers: [(key: String, line: Int, lineStart: Int, bodyStart: Int)] = []
        var lineNumber = 1
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            let line = Substring(String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self))
            if let found = key(line) {
                markers.append((found, lineNumber, lineStart, min(lineEnd + 1, bytes.count)))
            }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        var result: [ParsedSegment] = []
        for (position, marker) in markers.enumerated() {
            let isLast = position == markers.count - 1
            let end = isLast ? bytes.count : markers[position + 1].lineStart
            var body = marker.bodyStart <= end ? Array(bytes[marker.bodyStart..<end]) : []
            if !isLast, body.count >= 2, body.suffix(2) == [0x0A, 0x0A] {
                body.removeLast(2)
            } else if body.last == 0x0A {
                body.removeLast()
            }
            result.append(
                ParsedSegment(key: marker.key, body: String(decoding: body, as: UTF8.self), line: marker.line))
        }
        return result
    }

    /// The text of `text` before its first marker line (the 1-based `firstMarkerLine`), less the line feed that
    /// separates it from the marker (as ``MarkedFile/header`` holds it); `nil` when the line is past the end.
    static func header(of text: String, firstMarkerLine: Int) -> String? {
        var bytes = Array(text.utf8)
        var line = 1
        var index = 0
        while line < firstMarkerLine {
            guard let feed = bytes[index...].firstIndex(of: 0x0A) else { return nil }
            index = feed + 1
            line += 1
        }
        bytes.removeSubrange(index...)
        if bytes.last == 0x0A { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

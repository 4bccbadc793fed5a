/// Writes a new version of a JSON document into the text of the old one, keeping every byte of what did not change:
/// the members and items whose values are the same keep their text as it was (indentation, key order, spacing, line
/// endings, escapes, the final line feed or its absence), and only what changed is written, in the file's own style
/// (``JSONTextStyle``).
///
/// So a notebook written back with no change is the same file, byte for byte, and one with one edited cell differs
/// only in that cell's lines, whichever tool saved it (Jupyter, Colab, VS Code, a Windows checkout). Objects compare by
/// content (key order aside); a list of items is matched item by item — the items both have at their start and end,
/// then the longest common run between — and an item that changed in place is rewritten member by member.
struct JSONRewriter {
    /// The old document's text.
    let bytes: [UInt8]
    /// Its layout, for what is written new.
    let style: JSONTextStyle

    /// A rewriter of the document `bytes`, whose top-level object has the keys `topLevelKeys` in file order.
    init(bytes: [UInt8], topLevelKeys: [String]) {
        self.bytes = bytes
        self.style = JSONTextStyle(of: bytes, topLevelKeys: topLevelKeys)
    }

    /// The text of `new`, written over `old` (the value `bytes` holds); `nil` when `bytes` is not one JSON value.
    func rewrite(_ old: JSONValue, to new: JSONValue) -> [UInt8]? {
        var start = 0
        while start < bytes.count, Self.isWhitespace(bytes[start]) { start += 1 }
        guard let end = valueEnd(from: start) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 256)
        output += bytes[0..<start]
        write(new, over: old, at: start..<end, into: &output)
        output += bytes[end...]
        return output
    }

    /// Whether two values hold the same content: objects compare member by member whatever their order.
    static func sameContent(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            guard x.members.count == y.members.count else { return false }
            if zip(x.members, y.members).allSatisfy({ $0.key == $1.key && sameContent($0.value, $1.value) }) {
                return true
            }
            for member in x.members {
                guard let other = y[member.key], sameContent(member.value, other) else { return false }
            }
            return true
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { sameContent($0, $1) }
        default:
            return a == b
        }
    }

    // MARK: Writing over the old text

    private func write(_ new: JSONValue, over old: JSONValue, at range: Range<Int>, into output: inout [UInt8]) {
        if Self.sameContent(new, old) {
            output += bytes[range]
            return
        }
        let indent = lineIndent(at: range.lowerBound)
        switch (new, old) {
        case (.object(let newMembers), .object) where newMembers.members.isEmpty: break  // `{}`, as Jupyter writes it
        case (.array(let newItems), .array) where newItems.isEmpty: break  // `[]`
        case (.object(let newMembers), .object(let oldMembers)):
            guard let layout = containerLayout(at: range, isObject: true), !layout.items.isEmpty else { break }
            writeObject(newMembers, over: oldMembers, layout: layout, indent: indent, into: &output)
            return
        case (.array(let newItems), .array(let oldItems)):
            guard let layout = containerLayout(at: range, isObject: false), !layout.items.isEmpty,
                layout.items.count == oldItems.count
            else { break }
            writeArray(newItems, over: oldItems, layout: layout, indent: indent, into: &output)
            return
        default: break
        }
        writeFresh(new, indent: indent, template: old, into: &output)
    }

    private func writeObject(
        _ new: JSONValue.OrderedMembers, over old: JSONValue.OrderedMembers, layout: ContainerLayout,
        indent: [UInt8], into output: inout [UInt8]
    ) {
        let oldKeys = layout.items.map { $0.key ?? "" }
        let oldPositions = Dictionary(oldKeys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        // The members in the order they are written: the old ones in their order, new ones where sorting puts them
        // (a file with sorted keys) or at the end.
        var order: [(key: String, old: Int?)] = oldKeys.enumerated().compactMap { position, key in
            new[key] == nil ? nil : (key, position)
        }
        let keysSorted = zip(oldKeys, oldKeys.dropFirst()).allSatisfy { JSONTextStyle.precedes($0, $1) }
        for member in new.members where oldPositions[member.key] == nil {
            let place =
                keysSorted && style.sortsKeys
                ? order.firstIndex { JSONTextStyle.precedes(member.key, $0.key) } ?? order.count : order.count
            order.insert((member.key, nil), at: place)
        }
        output.append(UInt8(ascii: "{"))
        for (position, entry) in order.enumerated() {
            output += separator(before: entry.old, at: position, layout: layout, indent: indent)
            guard let value = new[entry.key] else { continue }
            if let index = entry.old {
                let item = layout.items[index]
                output += bytes[item.start..<item.valueStart]
                write(value, over: old[entry.key] ?? .null, at: item.valueStart..<item.end, into: &output)
            } else {
                style.appendString(entry.key, to: &output)
                output += style.keySeparator
                writeFresh(value, indent: indent + (style.indentUnit ?? []), template: nil, into: &output)
            }
        }
        output += bytes[layout.closingSpace]
        output.append(UInt8(ascii: "}"))
    }

    private func writeArray(
        _ new: [JSONValue], over old: [JSONValue], layout: ContainerLayout, indent: [UInt8],
        into output: inout [UInt8]
    ) {
        let steps = Self.align(new, old)
        output.append(UInt8(ascii: "["))
        for (position, step) in steps.enumerated() {
            output += separator(before: step.old, at: position, layout: layout, indent: indent)
            let value = new[step.new]
            if let index = step.old {
                let item = layout.items[index]
                write(value, over: old[index], at: item.valueStart..<item.end, into: &output)
            } else {
                // A new item looks like the old ones: an object takes the key order of one of its kind.
                writeFresh(
                    value, indent: indent + (style.indentUnit ?? []), template: Self.template(for: value, among: old),
                    into: &output)
            }
        }
        output += bytes[layout.closingSpace]
        output.append(UInt8(ascii: "]"))
    }

    /// The text before the member or item written at `position`: the old text before it when it is an old one that
    /// was not first, the old text after the bracket for the first, else a separator like the old ones.
    private func separator(before old: Int?, at position: Int, layout: ContainerLayout, indent: [UInt8]) -> [UInt8] {
        if position == 0 { return Array(bytes[layout.openingSpace]) }
        if let old, old > 0 { return Array(bytes[layout.items[old - 1].end..<layout.items[old].start]) }
        if layout.items.count > 1 { return Array(bytes[layout.items[0].end..<layout.items[1].start]) }
        return [UInt8(ascii: ",")] + bytes[layout.openingSpace]
    }

    /// One step of writing a list: the new item at `new`, written over the old item at `old` (`nil`: a new item).
    struct Step: Equatable {
        var new: Int
        var old: Int?
    }

    /// Pairs the new items with old ones: the common start and end, then within the rest the longest common run of
    /// equal items (when small enough to compute), and between those, items in place are paired by position.
    static func align(_ new: [JSONValue], _ old: [JSONValue]) -> [Step] {
        var head = 0
        while head < new.count, head < old.count, sameContent(new[head], old[head]) { head += 1 }
        var tail = 0
        while tail < new.count - head, tail < old.count - head,
            sameContent(new[new.count - 1 - tail], old[old.count - 1 - tail])
        {
            tail += 1
        }
        var steps = (0..<head).map { Step(new: $0, old: $0) }
        let newMiddle = head..<(new.count - tail)
        let oldMiddle = head..<(old.count - tail)
        var anchors: [(new: Int, old: Int)] = []
        if !newMiddle.isEmpty, !oldMiddle.isEmpty, newMiddle.count * oldMiddle.count <= 4_000_000 {
            anchors = commonRun(new, newMiddle, old, oldMiddle)
        }
        var newCursor = newMiddle.lowerBound
        var oldCursor = oldMiddle.lowerBound
        for anchor in anchors + [(newMiddle.upperBound, oldMiddle.upperBound)] {
            // Between anchors: pair by position, the rest are new (old ones left over are dropped).
            let paired = min(anchor.new - newCursor, anchor.old - oldCursor)
            for offset in 0..<(anchor.new - newCursor) {
                steps.append(Step(new: newCursor + offset, old: offset < paired ? oldCursor + offset : nil))
            }
            if anchor.new < newMiddle.upperBound { steps.append(Step(new: anchor.new, old: anchor.old)) }
            newCursor = anchor.new + 1
            oldCursor = anchor.old + 1
        }
        steps += (0..<tail).map { Step(new: new.count - tail + $0, old: old.count - tail + $0) }
        return steps
    }

    /// The longest common subsequence of equal items of two ranges, as index pairs in order (items compared by a
    /// hash of their content, each pair found checked in full).
    private static func commonRun(
        _ new: [JSONValue], _ newRange: Range<Int>, _ old: [JSONValue], _ oldRange: Range<Int>
    ) -> [(new: Int, old: Int)] {
        let rows = newRange.count
        let columns = oldRange.count
        let newHashes = newRange.map { contentHash(new[$0]) }
        let oldHashes = oldRange.map { contentHash(old[$0]) }
        var lengths = [Int32](repeating: 0, count: (rows + 1) * (columns + 1))
        for row in stride(from: rows - 1, through: 0, by: -1) {
            for column in stride(from: columns - 1, through: 0, by: -1) {
                let here = row * (columns + 1) + column
                lengths[here] =
                    newHashes[row] == oldHashes[column]
                    ? lengths[here + columns + 2] + 1 : max(lengths[here + columns + 1], lengths[here + 1])
            }
        }
        var pairs: [(new: Int, old: Int)] = []
        var row = 0
        var column = 0
        while row < rows, column < columns {
            let here = row * (columns + 1) + column
            if newHashes[row] == oldHashes[column],
                sameContent(new[newRange.lowerBound + row], old[oldRange.lowerBound + column])
            {
                pairs.append((newRange.lowerBound + row, oldRange.lowerBound + column))
                row += 1
                column += 1
            } else if lengths[here + columns + 1] >= lengths[here + 1] {
                row += 1
            } else {
                column += 1
            }
        }
        return pairs
    }

    /// A hash of a value's content, the same for values that ``sameContent(_:_:)`` finds equal (an object's members
    /// count in any order).
    static func contentHash(_ value: JSONValue) -> Int {
        var hasher = Hasher()
        switch value {
        case .null: hasher.combine(0)
        case .bool(let flag): hasher.combine(flag)
        case .number(let text):
            hasher.combine(2)
            hasher.combine(text)
        case .string(let text):
            hasher.combine(3)
            hasher.combine(text)
        case .array(let items):
            hasher.combine(4)
            for item in items { hasher.combine(contentHash(item)) }
        case .object(let object):
            hasher.combine(5)
            var members = 0
            for member in object.members {
                var memberHasher = Hasher()
                memberHasher.combine(member.key)
                memberHasher.combine(contentHash(member.value))
                members &+= memberHasher.finalize()
            }
            hasher.combine(members)
        }
        return hasher.finalize()
    }

    /// The old item a new one is laid out like: for an object, an old object of the same `cell_type` or
    /// `output_type` (a new cell written like the cells beside it), else the first old object.
    static func template(for value: JSONValue, among old: [JSONValue]) -> JSONValue? {
        guard case .object(let members) = value else { return old.first }
        for key in ["cell_type", "output_type"] {
            guard let kind = members[key] else { continue }
            if let match = old.first(where: { if case .object(let o) = $0 { o[key] == kind } else { false } }) {
                return match
            }
        }
        return old.first { if case .object = $0 { true } else { false } }
    }

    // MARK: Writing new values

    /// Writes `value` in the file's style, its first line continuing the current one and the lines inside it
    /// indented one level more than `indent`; an object's keys follow `template`'s order where it has them (a new
    /// cell is written with the key order of the cell beside it).
    private func writeFresh(_ value: JSONValue, indent: [UInt8], template: JSONValue?, into output: inout [UInt8]) {
        switch value {
        case .null: output += Array("null".utf8)
        case .bool(let flag): output += Array((flag ? "true" : "false").utf8)
        case .number(let text): output += Array(text.utf8)
        case .string(let text): style.appendString(text, to: &output)
        case .array(let items):
            guard !items.isEmpty else {
                output += Array("[]".utf8)
                return
            }
            var templateItem: JSONValue?
            if case .array(let old)? = template { templateItem = old.first }
            output.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                output += lineBreak(indent: indent, deeper: true, first: position == 0)
                writeFresh(item, indent: indent + (style.indentUnit ?? []), template: templateItem, into: &output)
            }
            output += lineBreak(indent: indent, deeper: false, first: false)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.members.isEmpty else {
                output += Array("{}".utf8)
                return
            }
            var templateMembers: JSONValue.OrderedMembers?
            if case .object(let members)? = template { templateMembers = members }
            output.append(UInt8(ascii: "{"))
            for (position, member) in ordered(object, like: templateMembers).enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                output += lineBreak(indent: indent, deeper: true, first: position == 0)
                style.appendString(member.key, to: &output)
                output += style.keySeparator
                writeFresh(
                    member.value, indent: indent + (style.indentUnit ?? []), template: templateMembers?[member.key],
                    into: &output)
            }
            output += lineBreak(indent: indent, deeper: false, first: false)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// The members in the order they are written: the template's order for the keys it has, then sorted (a file
    /// with sorted keys) or in their own order.
    private func ordered(
        _ object: JSONValue.OrderedMembers, like template: JSONValue.OrderedMembers?
    ) -> [(key: String, value: JSONValue)] {
        let rest =
            style.sortsKeys
            ? object.members.sorted { JSONTextStyle.precedes($0.key, $1.key) } : object.members
        guard let template, !style.sortsKeys else { return rest }
        let rank = Dictionary(
            template.members.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        let known = rest.filter { rank[$0.key] != nil }.sorted { rank[$0.key]! < rank[$1.key]! }
        return known + rest.filter { rank[$0.key] == nil }
    }

    /// What goes between two items: a line break and the indentation of the items (`deeper`) or of the closing
    /// bracket; on one line, the item separator's space (none before the first item or the bracket).
    private func lineBreak(indent: [UInt8], deeper: Bool, first: Bool) -> [UInt8] {
        guard let unit = style.indentUnit else {
            return deeper && !first ? Array(style.inlineItemSeparator.dropFirst()) : []
        }
        return style.newline + indent + (deeper ? unit : [])
    }

    // MARK: The old text's layout

    /// Where the members or items of one container are in the old text.
    struct ContainerLayout {
        struct Item {
            /// Where the member's name (or the item) starts.
            var start: Int
            /// Where its value starts.
            var valueStart: Int
            /// One past its value's last byte.
            var end: Int
            /// The member's name (`nil` for an item of a list).
            var key: String?
        }

        var items: [Item]
        /// The text between the opening bracket and the first item.
        var openingSpace: Range<Int>
        /// The text between the last item and the closing bracket.
        var closingSpace: Range<Int>
    }

    /// The layout of the object or list whose text is at `range`.
    private func containerLayout(at range: Range<Int>, isObject: Bool) -> ContainerLayout? {
        let base = range.lowerBound
        let result: Result<ContainerLayout, JSONSyntaxError> = bytes.withUnsafeBufferPointer { whole in
            let buffer = UnsafeBufferPointer(rebasing: whole[range])
            do throws(JSONSyntaxError) {
                let layout = try JSONScanner.scan(buffer) { (scanner) throws(JSONSyntaxError) -> ContainerLayout in
                    var items: [ContainerLayout.Item] = []
                    if isObject {
                        try scanner.readObject { (key, keyOffset, scanner) throws(JSONSyntaxError) in
                            scanner.skipWhitespace()
                            let valueStart = scanner.offset
                            try scanner.skipValue()
                            items.append(.init(start: keyOffset, valueStart: valueStart, end: scanner.offset, key: key))
                        }
                    } else {
                        try scanner.readArray { (_, scanner) throws(JSONSyntaxError) in
                            let start = scanner.offset
                            try scanner.skipValue()
                            items.append(.init(start: start, valueStart: start, end: scanner.offset, key: nil))
                        }
                    }
                    let close = scanner.offset - 1
                    return ContainerLayout(
                        items: items, openingSpace: 1..<(items.first?.start ?? close),
                        closingSpace: (items.last?.end ?? close)..<close)
                }
                return .success(layout)
            } catch { return .failure(error) }
        }
        guard case .success(let layout) = result else { return nil }
        return ContainerLayout(
            items: layout.items.map {
                .init(start: $0.start + base, valueStart: $0.valueStart + base, end: $0.end + base, key: $0.key)
            },
            openingSpace: (layout.openingSpace.lowerBound + base)..<(layout.openingSpace.upperBound + base),
            closingSpace: (layout.closingSpace.lowerBound + base)..<(layout.closingSpace.upperBound + base))
    }

    /// One past the end of the value that starts at `start`.
    private func valueEnd(from start: Int) -> Int? {
        let result: Int? = bytes.withUnsafeBufferPointer { whole in
            let buffer = UnsafeBufferPointer(rebasing: whole[start...])
            return try? JSONScanner.scan(buffer) { (scanner) throws(JSONSyntaxError) -> Int in
                try scanner.skipValue()
                return scanner.offset
            }
        }
        return result.map { $0 + start }
    }

    /// The spaces and tabs that start the line holding `offset`.
    private func lineIndent(at offset: Int) -> [UInt8] {
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = start
        while end < offset, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return Array(bytes[start..<end])
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

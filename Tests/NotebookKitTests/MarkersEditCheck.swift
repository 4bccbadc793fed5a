import Foundation
import Testing

@testable import NotebookKit

/// The two-way contract, checked on one exported file: edit a line → update → the notebook changed in that cell
/// only (every byte outside the cell's `source` value kept) → a re-export gives back the edited file byte for byte.
enum MarkersEditCheck {
    static func editUpdateAndReexport(
        style: ExportStyle, notebook path: String, root: String, file: PlannedFile, label: String
    ) throws {
        let before = try #require(CoreTestSupport.read(path))
        // Nothing edited: update changes nothing.
        let idle = try MarkersTestSupport.update(style, notebook: path, root: root)
        #expect(idle.changedCells.isEmpty, "\(label)")
        #expect(CoreTestSupport.read(path) == before, "\(label)")

        // Edit the last line of the last exported cell's block.
        let cell = try #require(file.cells.last)
        var text = String(decoding: file.bytes, as: UTF8.self)
        let edited = "let editedByTheTest = \(cell.index)  // changed in the exported file"
        let trailing = text.hasSuffix("\n") ? "\n" : ""
        if !trailing.isEmpty { text.removeLast() }
        text += "\n" + edited + trailing
        let filePath = OutputRoot(root).path + "/" + file.path
        try CoreTestSupport.write(text, to: filePath)

        let update = try MarkersTestSupport.update(style, notebook: path, root: root)
        #expect(update.changedCells.map(\.index) == [cell.index], "\(label)")
        let after = try #require(CoreTestSupport.read(path))
        // Only the cell's source value changed.
        let layout = try NotebookJSONLayout(scanning: before, file: path)
        let range = try #require(layout.cells[cell.index].source)
        let tailCount = before.count - range.upperBound
        #expect(Array(after.prefix(range.lowerBound)) == Array(before.prefix(range.lowerBound)), "\(label)")
        #expect(Array(after.suffix(tailCount)) == Array(before.suffix(tailCount)), "\(label)")
        let old = try NotebookReader().read(bytes: before, displayName: path)
        let new = try NotebookReader().read(bytes: after, displayName: path)
        #expect(new.cells.count == old.cells.count, "\(label)")
        for (a, b) in zip(old.cells, new.cells) where a.index != cell.index {
            var moved = b
            moved.fileLine = a.fileLine  // later cells start on other lines when the edited cell grew
            #expect(a == moved, "\(label): cell \(a.index) changed")
        }
        #expect(new.cells[cell.index].source.hasSuffix(edited), "\(label)")

        // Re-export: the edited file comes back byte for byte.
        let again = try MarkersTestSupport.plan(style, notebook: path, root: root)
        let reexported = try #require(again.file(at: file.path))
        #expect(String(decoding: reexported.bytes, as: UTF8.self) == text, "\(label)")
    }
}

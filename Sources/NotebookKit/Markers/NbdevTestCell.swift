/// A `//| test` cell as a Swift Testing test: the nbdev style exports it to `Tests/<Target>Tests/<notebook>Tests.swift`
/// (Target: the notebook's `//| default_exp`) as a function whose body is the cell's code, so that `swift test` runs
/// the checks a notebook makes.
///
/// ```swift
/// // %% ../nbs/core.ipynb cell=square-test
/// @Test("core.ipynb: cell 7 (id \"square-test\")")
/// private func test_core_square_test() async throws {
/// #sourceLocation(file: "../nbs/core.ipynb#cell7", line: 2)
/// #expect(square(3) == 9)
/// #sourceLocation()
/// }
/// ```
///
/// The test's name says where its cell is, and `#sourceLocation` (``ScriptSourceLocation``, as `script
/// --source-locations` writes it) makes a failed expectation or a compiler error name the notebook, the cell and the
/// line in the cell. The function is `async throws`, so a cell may `try` and `await`, and `private`, so that the
/// tests of two notebooks never clash. The cell's leading `import` lines stay above the function (an import cannot be
/// inside one); the file imports `Testing` and the target (`@testable`). nbdev's `//| eval: false` on a test cell
/// writes the test disabled.
enum NbdevTestCell {
    /// The directive that makes a cell a test.
    static let directive = "test"

    /// The test file of a notebook whose cells test `target`.
    static func path(target: String, notebookStem: String) -> String {
        "Tests/\(target)Tests/\(DocsArticle.name(forNotebook: notebookStem))Tests.swift"
    }

    /// The imports every test file starts with, after its header.
    static func imports(target: String) -> String {
        "import Testing\n\n@testable import \(target)\n"
    }

    /// Whether a line of a test cell can stay above the test function: an `import` (of any kind) or a blank line.
    static func isHoistable(_ line: String) -> Bool {
        let text = line.drop { $0 == " " || $0 == "\t" }
        if text.allSatisfy(\.isWhitespace) { return true }
        var words = text.split(separator: " ", omittingEmptySubsequences: true)[...]
        while let first = words.first, first.hasPrefix("@") { words = words.dropFirst() }
        return words.first == "import"
    }

    /// How a test cell's code is written as a test function.
    ///
    /// - Parameters:
    ///   - code: the cell's code, its directive lines left out.
    ///   - directives: how many directive lines came before the code in the cell.
    ///   - cell: the cell (its notebook as the test file names it).
    ///   - functionName: the function's name.
    ///   - disabled: whether the test is written disabled (`//| eval: false`).
    static func framing(
        forCode code: String, directives: Int, cell: CellReference, functionName: String, disabled: Bool
    ) -> SegmentFraming {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var hoisted = lines.prefix(while: isHoistable).count
        while hoisted > 0, lines[hoisted - 1].allSatisfy(\.isWhitespace) { hoisted -= 1 }
        let name = CellReference(notebook: NotebookName.fileName(cell.notebook), index: cell.index, id: cell.id)
        var attribute = "@Test(" + SwiftStringLiteral.quoted(name.description)
        if disabled { attribute += ", .disabled(\"the notebook cell says `//| eval: false`\")" }
        attribute += ")"
        let location = ScriptSourceLocation.directive(
            notebook: cell.notebook, cellIndex: cell.index, line: directives + hoisted + 1)
        return .test(
            hoistedLines: hoisted, opening: [attribute, "private func \(functionName)() async throws {", location],
            closing: ["#sourceLocation()", "}"])
    }

    /// `test_<notebook>_<cell id>`, as a Swift identifier.
    static func functionName(notebookStem: String, id: String) -> String {
        let identifier = { (text: String) in
            String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        }
        return "test_\(identifier(notebookStem))_\(identifier(id))"
    }
}

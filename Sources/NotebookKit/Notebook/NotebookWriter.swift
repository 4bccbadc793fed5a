/// Writes a notebook as nbformat 4 JSON laid out the way Jupyter saves it: one-space indentation, keys sorted,
/// non-ASCII characters kept as they are, sources as lists of lines, and a trailing newline.
///
/// The notebook keeps its minor version (an nbformat 3 notebook, upgraded in memory, is written as 4.4); from 4.5 on,
/// every cell has an id (missing ones are derived from the cell's position), before it only the ids the cells have.
/// The ``Notebook`` model holds no outputs: code cells are written with none and no execution count (the
/// `ipynb` mode carries them over from the notebook it updates).
public struct NotebookWriter: Sendable {
    /// Creates a writer.
    public init() {}

    /// The notebook's JSON text.
    public func json(for notebook: Notebook) -> String { Self.text(of: value(for: notebook)) }

    /// The JSON text of a notebook value, laid out as Jupyter saves it, with a trailing newline.
    static func text(of value: JSONValue) -> String {
        var output = ""
        write(value, into: &output, indent: 0)
        output += "\n"
        return output
    }

    /// The nbformat minor version the notebook is written with.
    static func minorVersion(of notebook: Notebook) -> Int {
        notebook.nbformat == 4 ? notebook.nbformatMinor : 4
    }

    /// The notebook as a JSON value, in nbformat 4 shape.
    func value(for notebook: Notebook) -> JSONValue {
        let minor = Self.minorVersion(of: notebook)
        let ids: [String?] = minor >= 5 ? cellIDs(notebook.cells) : notebook.cells.map(\.id)
        let cells = zip(notebook.cells, ids).map { cell, id -> JSONValue in
            var members: JSONValue.OrderedMembers = ["cell_type": .string(cell.kind.rawValue)]
            if let id { members["id"] = .string(id) }
            members["metadata"] = cell.metadata
            members["source"] = .array(Self.sourceLines(cell.source).map(JSONValue.string))
            if cell.kind == .code {
                members["execution_count"] = .null
                members["outputs"] = .array([])
            }
            return .object(members)
        }
        return .object([
            "cells": .array(cells),
            "metadata": notebook.metadata,
            "nbformat": .number("4"),
            "nbformat_minor": .number(String(minor)),
        ])
    }

    /// A cell source cut the way nbformat stores it: Python's `str.splitlines(True)`, each piece keeping its ending.
    static func sourceLines(_ source: String) -> [String] {
        var lines: [String] = []
        var current: [Unicode.Scalar] = []
        var scalars = source.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            current.append(scalar)
            pending = scalars.next()
            if scalar == "\r", pending == "\n" {
                current.append("\n")
                pending = scalars.next()
            }
            if lineBreaks.contains(scalar.value) {
                lines.append(String(String.UnicodeScalarView(current)))
                current = []
            }
        }
        if !current.isEmpty { lines.append(String(String.UnicodeScalarView(current))) }
        return lines
    }

    /// The characters Python's `str.splitlines` ends a line at.
    private static let lineBreaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]

    /// Every cell's id: its own, or `cell-N` from its position, kept unique.
    private func cellIDs(_ cells: [Cell]) -> [String] {
        var used = Set(cells.compactMap(\.id))
        return cells.enumerated().map { position, cell in
            if let id = cell.id { return id }
            var candidate = "cell-\(position)"
            var suffix = 1
            while used.contains(candidate) {
                candidate = "cell-\(position)-\(suffix)"
                suffix += 1
            }
            used.insert(candidate)
            return candidate
        }
    }

    /// Writes a JSON value with its keys sorted: laid out like Python's `json.dumps(sort_keys=True, indent=1)` when
    /// `indent` is given, on one line with no spaces (`{"a":[1,"x"]}`) when it is `nil`.
    static func write(_ value: JSONValue, into output: inout String, indent: Int?) {
        let newline = indent.map { "\n" + String(repeating: " ", count: $0 + 1) } ?? ""
        let colon = indent == nil ? ":" : ": "
        let close = indent.map { "\n" + String(repeating: " ", count: $0) } ?? ""
        let inner = indent.map { $0 + 1 }
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let text): output += text
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (position, item) in items.enumerated() {
                output += (position == 0 ? "" : ",") + newline
                write(item, into: &output, indent: inner)
            }
            output += close + "]"
        case .object(let object):
            guard !object.members.isEmpty else {
                output += "{}"
                return
            }
            let members = object.members.sorted {
                $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars)
            }
            output += "{"
            for (position, member) in members.enumerated() {
                output += (position == 0 ? "" : ",") + newline
                writeString(member.key, into: &output)
                output += colon
                write(member.value, into: &output, indent: inner)
            }
            output += close + "}"
        }
    }

    /// Writes a JSON string as Python's `json.dumps(..., ensure_ascii=False)` does.
    static func writeString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}

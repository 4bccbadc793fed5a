import Testing

@testable import NotebookKit

@Suite("Magic lines: IPython's splitting, argparse, expansion, clean-up")
struct MagicParsingTests {
    @Test("shlex (non-POSIX): quotes stay in words, a quoted word ends at its closing quote")
    func splitting() throws {
        #expect(try MagicArgumentSplitter.split(#"-a "my file.swift""#) == ["-a", #""my file.swift""#])
        #expect(try MagicArgumentSplitter.split(#""a"b.swift"#) == [#""a""#, "b.swift"])
        #expect(try MagicArgumentSplitter.split(#"wo"rd x"#) == [#"wo"rd"#, "x"])
        #expect(try MagicArgumentSplitter.split(" \t a \r b ") == ["a", "b"])
        #expect(throws: Diagnostic("ValueError: No closing quotation")) { try MagicArgumentSplitter.split("'open") }
    }

    @Test("writefile arguments: flags anywhere, prefixes, outer quotes removed, ~ expanded")
    func writefileArguments() throws {
        #expect(
            try WritefileCommand.parse(line: "a.swift -a", homeDirectory: nil)
                == .init(filename: "a.swift", append: true))
        #expect(
            try WritefileCommand.parse(line: "--appe 'x y'", homeDirectory: nil) == .init(filename: "x y", append: true)
        )
        #expect(
            try WritefileCommand.parse(line: "~/n.swift", homeDirectory: "/home/u")
                == .init(filename: "/home/u/n.swift", append: false))
        #expect(
            try WritefileCommand.parse(line: "~other/n.swift", homeDirectory: "/home/u").filename == "~other/n.swift")
        #expect(throws: Diagnostic.ipythonUsage("unrecognized arguments: --bogus")) {
            try WritefileCommand.parse(line: "a.swift --bogus", homeDirectory: nil)
        }
    }

    @Test(
        "$name and {name} need values; --define supplies them; escapes and unparsable lines are kept as IPython keeps them"
    )
    func expansion() {
        let none = MagicLineExpansion()
        #expect(none.expand("$name.swift") == .needsValues(["$name.swift"]))
        #expect(
            none.expand("{a}/$b") == .needsValues(["$b", "{a}"])
                || none.expand("{a}/$b") == .needsValues(["{a}", "$b"]))
        #expect(none.expand("{{x}}-$$y.swift") == .expanded("{x}-$y.swift"))
        #expect(none.expand("a}b") == .expanded("a}b"))
        #expect(none.expand("'$q'") == .expanded("'$q'"))
        let defined = MagicLineExpansion(definitions: ["module": "Lib", "name": "main"])
        #expect(defined.expand("$module/{name}.swift") == .expanded("Lib/main.swift"))
        #expect(defined.expand("{name!r}") == .needsValues(["{name!r}"]))
    }

    @Test("IPython 8 removes the first line's indentation only where lines start with it; 9 dedents")
    func indentation() {
        let cell = "  %%writefile a.swift\n    deeper\n \n\tother\n  same"
        let eight = CellInterpreter(version: .v8).effect(ofCode: cell)
        #expect(
            eight
                == .writefile(
                    .init(filename: "a.swift", append: false), body: "  deeper\n \n\tother\nsame\n", printsMessage: true
                ))
        let nine = CellInterpreter(version: .v9Point0).effect(ofCode: "%%writefile a.swift\n  x\n   \n  y")
        #expect(
            nine == .writefile(.init(filename: "a.swift", append: false), body: "  x\n\n  y\n", printsMessage: true))
        #expect(Dedent.dedent("    a\n      b\n  \n    c") == "a\n  b\n\nc")
        #expect(Dedent.dedent("\ta\n    b") == "\ta\n    b")
    }

    @Test("markdown and raw cells never run; %%time and %%capture stack above %%writefile")
    func stacking() {
        #expect(
            CellInterpreter().effect(ofCode: "%%time\n%%capture\n%%writefile s.swift\nx")
                == .writefile(.init(filename: "s.swift", append: false), body: "x\n", printsMessage: false))
        #expect(CellInterpreter().effect(ofCode: "print(1)\n%%writefile n.swift\nx") == CellEffect.none)
        #expect(CellInterpreter().effect(ofCode: "%%bash\necho hi") == CellEffect.none)
    }
}

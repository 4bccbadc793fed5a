/// Which IPython's input handling to reproduce.
public enum IPythonVersion: String, Sendable, CaseIterable {
    /// IPython 8.x (8.12.3 is the reference): the first line's indentation is removed from the lines that start
    /// with exactly that indentation; other bytes are kept.
    case v8 = "8"
    /// IPython 9.0.2 and later: the cell is dedented like `textwrap.dedent` (the common indentation of its
    /// non-blank lines is removed, and lines of only spaces and tabs become empty).
    case v9 = "9"
}

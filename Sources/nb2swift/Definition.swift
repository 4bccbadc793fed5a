import ArgumentParser

/// A `--define NAME=VALUE` value: what `$NAME` and `{NAME}` stand for in magic lines.
struct Definition: ExpressibleByArgument, Equatable {
    /// The name, without `$` or braces.
    var name: String
    /// The value it expands to (may be empty).
    var value: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
        name = String(argument[..<equals])
        value = String(argument[argument.index(after: equals)...])
    }

    static var defaultValueDescription: String { "NAME=VALUE" }
}

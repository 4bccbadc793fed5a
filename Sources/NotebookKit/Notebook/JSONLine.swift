/// JSON on one line, for the attribute values of script marker and header lines: compact text, and one value read
/// from the start of a line by the notebook's own ``JSONScanner`` (the converter has one JSON parser).
enum JSONLine {
    /// The value on one line with no spaces, keys sorted as in the notebook file (`{"a":[1,"x"]}`), so that a
    /// script written from a notebook and one written from that notebook's way back are the same.
    static func compact(_ value: JSONValue) -> String {
        var output = ""
        NotebookWriter.write(value, into: &output, indent: nil)
        return output
    }

    /// Reads one JSON value at the start of `text` (after spaces) and returns it with the text that follows it.
    static func value(atStartOf text: Substring) throws(Diagnostic) -> (value: JSONValue, rest: Substring) {
        let bytes = Array(text.utf8)
        let outcome: Result<(JSONValue, Int), JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONSyntaxError) {
                return .success(
                    try JSONScanner.scan(buffer) { (scanner) throws(JSONSyntaxError) in
                        let value = try scanner.readValue()
                        return (value, scanner.offset)
                    })
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let (value, end)):
            return (value, Substring(text.utf8.dropFirst(end)))
        case .failure(let error):
            if error.offset >= bytes.count { throw Diagnostic("unclosed JSON value (it must end on its line)") }
            throw Diagnostic(error.message)
        }
    }
}

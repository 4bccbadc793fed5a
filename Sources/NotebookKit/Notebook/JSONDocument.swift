extension JSONValue {
    /// Parses a whole JSON document (such as a notebook file) with the converter's one JSON parser,
    /// `JSONScanner`; only whitespace may follow the value.
    init(parsing bytes: [UInt8]) throws(JSONSyntaxError) {
        let outcome: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONSyntaxError) {
                return .success(
                    try JSONScanner.scan(buffer) { (scanner) throws(JSONSyntaxError) in
                        let value = try scanner.readValue()
                        guard scanner.isAtEnd() else {
                            throw JSONSyntaxError(
                                message: "unexpected text after the JSON value", offset: scanner.offset)
                        }
                        return value
                    })
            } catch {
                return .failure(error)
            }
        }
        self = try outcome.get()
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 for the download tests: serves canned responses by path, one connection
/// at a time, on a background thread. Never reaches beyond the loopback interface.
final class LocalHTTPServer: @unchecked Sendable {
    /// What the server does for a path.
    enum Response {
        /// 200 with the whole body.
        case body([UInt8])
        /// 200 announcing the whole body's length, then closing the connection after `sending` bytes.
        case dropAfter(body: [UInt8], sending: Int)
        /// The given status with a short text body.
        case status(Int)
    }

    let port: UInt16
    private let listener: Int32
    private let routes: [String: Response]
    private let finished = DispatchSemaphore(value: 0)

    init(routes: [String: Response]) throws {
        self.routes = routes
        // libcurl (under URLSession) honours proxy variables: keep loopback requests direct.
        setenv("no_proxy", "127.0.0.1,localhost", 1)
        setenv("NO_PROXY", "127.0.0.1,localhost", 1)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 8) == 0 else {
            close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        self.listener = listener
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// The URL of `path` on this server.
    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Stops accepting connections and waits for the serving thread to end.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        finished.wait()
    }

    private func serve() {
        defer { finished.signal() }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { return }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.containsHeaderEnd {
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { return }
            request += buffer[0..<count]
        }
        let line = String(decoding: request.prefix { $0 != 0x0D }, as: UTF8.self).split(separator: " ")
        let path = line.count > 1 ? String(line[1]) : "/"
        switch routes[path] ?? .status(404) {
        case .body(let body):
            send(connection, header(200, length: body.count) + body)
        case .dropAfter(let body, let sending):
            send(connection, header(200, length: body.count) + body.prefix(sending))
            shutdown(connection, Int32(SHUT_RDWR))
        case .status(let code):
            let text = Array("status \(code)\n".utf8)
            send(connection, header(code, length: text.count) + text)
        }
    }

    private func header(_ status: Int, length: Int) -> [UInt8] {
        Array(
            ("HTTP/1.1 \(status) \(status == 200 ? "OK" : "Error")\r\nContent-Type: application/zip\r\n"
                + "Content-Length: \(length)\r\nConnection: close\r\n\r\n").utf8)
    }

    private func send(_ connection: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, 0) }
            if sent <= 0 { return }
            offset += sent
        }
    }
}

extension [UInt8] {
    fileprivate var containsHeaderEnd: Bool {
        count >= 4 && (0...(count - 4)).contains { self[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) }
    }
}

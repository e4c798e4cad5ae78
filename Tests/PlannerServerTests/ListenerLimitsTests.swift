import Foundation
import Glibc
import Hummingbird
import HummingbirdTesting
import PlannerServer
import Testing

/// A client socket to 127.0.0.1 that reads what it needs, then lets the test decide.
final class TestSocket {
    private let descriptor: Int32
    private(set) var received: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads give up after 15 s, so a test never hangs.
    init(port: Int) throws {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawHTTP.Failure(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw RawHTTP.Failure(description: "connect: \(errno)")
        }
    }

    deinit { close(descriptor) }

    /// Sends `text`; false when the server has already closed the connection.
    @discardableResult func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count
    }

    /// Reads until what arrived contains `marker` (true) or the server closed (false).
    func read(until marker: String) throws -> Bool {
        while !String(decoding: received, as: UTF8.self).contains(marker) {
            guard try readMore() else { return false }
        }
        return true
    }

    /// Forgets what was read so far.
    func forgetReceived() { received = [] }

    /// Reads until the server closes the connection; throws if it does not within the timeout.
    func readUntilClosed() throws {
        while try readMore() {}
    }

    /// One read: false when the connection was closed (or reset) by the server.
    private func readMore() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        if count < 0 {
            if errno == ECONNRESET { return false }
            throw RawHTTP.Failure(
                description: "recv: errno \(errno) after \(received.count) bytes: the server kept it open")
        }
        received += buffer[0..<count]
        return count > 0
    }
}

/// The listener's limits, with real sockets against the daemon as built.
@Suite struct ListenerLimitsTests {
    static func application(_ folder: URL, change: (inout ServerConfiguration) -> Void) async throws
        -> some ApplicationProtocol
    {
        var configuration = Fixtures.liveConfiguration(folder)
        change(&configuration)
        return try await buildApplication(configuration)
    }

    static let health = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"

    @Test func connectionsOverTheCapAreClosedAndAFreedPlaceIsTakenAgain() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plannerd-cap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try await Self.application(folder) { $0.maxConnections = 3 }
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // The test client keeps one connection: the first of the three places.
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await onOwnThread {
                var first: TestSocket? = try TestSocket(port: port)
                let second = try TestSocket(port: port)
                for socket in [first, second].compactMap({ $0 }) {
                    socket.send(Self.health)
                    #expect(try socket.read(until: "ok\n"), "an admitted connection is answered")
                }
                let third = try TestSocket(port: port)
                third.send(Self.health)
                try third.readUntilClosed()
                #expect(
                    !String(decoding: third.received, as: UTF8.self).contains("200 OK"),
                    "the third connection was served")
                // A place freed is taken again (the server sees the close a moment later).
                first = nil
                var answered = false
                for _ in 0..<100 where !answered {
                    let next = try TestSocket(port: port)
                    next.send(Self.health)
                    answered = try next.read(until: "ok\n")
                    if !answered { usleep(50_000) }
                }
                #expect(answered)
                second.forgetReceived()
                second.send(Self.health)
                let stillOpen = try second.read(until: "ok\n")
                #expect(stillOpen, "the second connection is still open")
            }
        }
    }

    @Test func aRequestThatDoesNotArriveWholeInTimeLosesItsConnection() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plannerd-slow-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try await Self.application(folder) {
            $0.readTimeoutSeconds = 1
            $0.idleTimeoutSeconds = 600
        }
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await onOwnThread {
                let slow = try TestSocket(port: port)
                // A head, and a tenth of the body it announces, then nothing.
                slow.send(
                    "POST /api/v1/groups/vienna/members HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
                try slow.readUntilClosed()
                // A head sent in pieces that never ends counts from its first byte.
                let partial = try TestSocket(port: port)
                partial.send("GET /healthz HTTP/1.1\r\nHo")
                try partial.readUntilClosed()
                #expect(partial.received.isEmpty)
                // Whole requests on another connection are still served.
                let fine = try TestSocket(port: port)
                fine.send(Self.health)
                #expect(try fine.read(until: "ok\n"))
            }
        }
    }

    @Test func anIdleConnectionIsClosed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plannerd-idle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try await Self.application(folder) {
            $0.idleTimeoutSeconds = 1
            $0.readTimeoutSeconds = 600
        }
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await onOwnThread {
                let idle = try TestSocket(port: port)
                idle.send(Self.health)
                #expect(try idle.read(until: "ok\n"))
                try idle.readUntilClosed()
            }
        }
    }
}

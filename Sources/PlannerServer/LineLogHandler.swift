import Foundation
import Logging

/// Writes one line per message to standard error, as `text` for people or as a `json` object
/// for log collectors: time, level, label, message and metadata.
///
/// Unlike swift-log's `StreamLogHandler`, which formats its metadata again on every change, it
/// formats only when a message is written: the server sets a request id on each request's
/// logger, and most requests write nothing.
///
/// Whatever a message or its metadata says, a feed or bearer token in it is written as `***`
/// (``Redaction``), at every level: a log is read by more people than a token is meant for.
struct LineLogHandler: LogHandler {
    let label: String
    let format: ServerConfiguration.LogFormat
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    /// Where finished lines go (with their newline): standard error, or a test's capture.
    let output: @Sendable (Data) -> Void

    init(
        label: String, format: ServerConfiguration.LogFormat,
        output: @escaping @Sendable (Data) -> Void = { FileHandle.standardError.write($0) }
    ) {
        self.label = label
        self.format = format
        self.output = output
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        guard var line = line(time: Date(), event: event) else { return }
        line.append(0x0A)
        output(line)
    }

    /// The line for `event`, without its newline.
    func line(time: Date, event: LogEvent) -> Data? {
        let fields = metadata.merging(event.metadata ?? [:]) { $1 }.mapValues { Redaction.redact("\($0)") }
        let message = Redaction.redact("\(event.message)")
        switch format {
        case .text:
            let pairs = fields.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
            return Data("\(time.formatted(.iso8601)) \(event.level) \(label):\(pairs) \(message)".utf8)
        case .json:
            let object = fields.merging(
                ["time": time.formatted(.iso8601), "level": event.level.rawValue, "label": label, "message": message]
            ) { $1 }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try? encoder.encode(object)
        }
    }
}

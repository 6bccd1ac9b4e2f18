import Foundation
import TestSupport
@testable import Store
import Testing

/// The readers of logger files (TFRecord framing, TensorBoard events, Lightning's CSV) on bytes
/// built here, and their ingestion through a real SQLite store while the "job" writes.
@Suite("Lightning CSV and TensorBoard event files")
struct LoggerFileTests {
    // MARK: CRC-32C and TFRecord framing

    struct CRCCase: Sendable, CustomTestStringConvertible {
        let id: String
        let bytes: [UInt8]
        let crc: UInt32
        var testDescription: String { id }
    }

    /// Check values from RFC 3720 (iSCSI), appendix B.4, and the common "123456789" check.
    static let crcCases: [CRCCase] = [
        CRCCase(id: "empty", bytes: [], crc: 0),
        CRCCase(id: "123456789", bytes: Array("123456789".utf8), crc: 0xE306_9283),
        CRCCase(id: "32 zero bytes", bytes: Array(repeating: 0, count: 32), crc: 0x8A91_36AA),
        CRCCase(id: "32 0xFF bytes", bytes: Array(repeating: 0xFF, count: 32), crc: 0x62A8_AB43),
        CRCCase(id: "0..31 ascending", bytes: (0..<32).map(UInt8.init), crc: 0x46DD_794E),
        CRCCase(id: "31..0 descending", bytes: (0..<32).reversed().map(UInt8.init), crc: 0x113F_DB5C),
    ]

    @Test(arguments: crcCases)
    func crc32c(_ test: CRCCase) {
        #expect(CRC32C.checksum(test.bytes) == test.crc)
        let crc = test.crc
        #expect(CRC32C.masked(test.bytes) == ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8)
    }

    static func event(step: Int64, _ values: [(String, Float)], wallTime: Double = 1_763_712_000.25) -> [UInt8] {
        var event = Tensorboard_Event()
        event.step = step
        event.wallTime = wallTime
        var summary = Tensorboard_Summary()
        summary.value = values.map { tag, number in
            var value = Tensorboard_Summary.Value()
            value.tag = tag
            value.simpleValue = number
            return value
        }
        event.summary = summary
        return TFRecordFraming.frame(try! event.serializedBytes())
    }

    @Test func tornLastRecordWaitsForTheWriter() {
        let first = Self.event(step: 1, [("loss", 0.5)])
        let second = Self.event(step: 2, [("loss", 0.25)])
        // Cut the second record at every length short of whole: the first is read, the second waits.
        for cut in 0..<second.count {
            let read = TensorBoardEvents.read(first + second[..<cut], start: 0, recordsBefore: 0)
            #expect(read.points == [.init(record: 1, name: "loss", step: 1, epoch: nil, value: 0.5, time: 1_763_712_000.25)], "cut \(cut)")
            #expect(read.consumedBytes == first.count, "cut \(cut)")
            #expect(read.skipped.isEmpty, "cut \(cut)")
        }
        // Whole, read from where the first pass stopped.
        let rest = TensorBoardEvents.read(second, start: Int64(first.count), recordsBefore: 1)
        #expect(rest.points == [.init(record: 2, name: "loss", step: 2, epoch: nil, value: 0.25, time: 1_763_712_000.25)])
        #expect(rest.consumedRecords == 1)
    }

    @Test func corruptDataIsSkippedAndReportedWithItsOffset() {
        let first = Self.event(step: 1, [("loss", 0.5)])
        var second = Self.event(step: 2, [("loss", 0.25)])
        second[TFRecordFraming.headerSize + 3] ^= 0x40  // a flipped bit in the data
        let third = Self.event(step: 3, [("loss", 0.125)])
        let read = TensorBoardEvents.read(first + second + third, start: 100, recordsBefore: 0)
        #expect(read.points.map(\.step) == [1, 3])
        #expect(read.consumedBytes == first.count + second.count + third.count)
        #expect(read.skipped.count == 1)
        let offset = Int64(100 + first.count)
        #expect(read.skipped.first?.line == offset)
        #expect(read.skipped.first?.reason == "corrupt record at byte offset \(offset): record data fails its CRC-32C check; record skipped")
    }

    @Test func corruptLengthStopsReading() {
        let first = Self.event(step: 1, [("loss", 0.5)])
        var second = Self.event(step: 2, [("loss", 0.25)])
        second[0] ^= 0x01  // the length no longer matches its checksum
        let read = TensorBoardEvents.read(first + second + Self.event(step: 3, [("loss", 0.1)]), start: 0, recordsBefore: 0)
        #expect(read.points.map(\.step) == [1])
        #expect(read.consumedBytes == first.count)
        #expect(read.skipped.map(\.reason) == ["corrupt record at byte offset \(first.count): record length fails its CRC-32C check; the rest of the file is not read"])
    }

    // MARK: Lightning CSV

    @Test func csvRowsHoldingSomeColumns() {
        // As Lightning's CSVLogger writes it: every metric's column, each row only what one call logged.
        let text = "train_loss,step,val/hmean,epoch\r\n0.9,0,,\r\n0.7,1,,\r\n,1,0.5,0\r\n0.4,2,,\r\nnan,3,,1.0\r\n0.3,4"
        let read = LightningCSV.read(Array(text.utf8), header: nil, recordsBefore: 0)
        #expect(Array(read.points.prefix(4)) == [
            .init(record: 1, name: "train_loss", step: 0, epoch: nil, value: 0.9, time: nil),
            .init(record: 2, name: "train_loss", step: 1, epoch: nil, value: 0.7, time: nil),
            .init(record: 3, name: "val/hmean", step: 1, epoch: 0, value: 0.5, time: nil),
            .init(record: 4, name: "train_loss", step: 2, epoch: nil, value: 0.4, time: nil),
        ])
        // Python writes float('nan') as nan; an epoch logged as a float 1.0 is epoch 1.
        #expect(read.points.count == 5 && read.points[4].value.isNaN && read.points[4].step == 3 && read.points[4].epoch == 1)
        // The torn last row waits.
        #expect(read.consumedRecords == 5)
        #expect(read.consumedBytes == text.utf8.count - "0.3,4".utf8.count)
        #expect(read.skipped.isEmpty)

        // The rest, read later after the header.
        let rest = LightningCSV.read(Array("0.3,4,,\r\n".utf8), header: "train_loss,step,val/hmean,epoch", recordsBefore: 5)
        #expect(rest.points == [.init(record: 6, name: "train_loss", step: 4, epoch: nil, value: 0.3, time: nil)])
    }

    @Test func csvCellsThatAreNotNumbersAreReported() {
        let text = "loss,step,note\n0.5,1,\nabc,2,\n0.25,x,\n"
        let read = LightningCSV.read(Array(text.utf8), header: nil, recordsBefore: 0)
        #expect(read.points.map(\.value) == [0.5, 0.25])
        #expect(read.skipped.map(\.line) == [3, 4])
        #expect(read.skipped.map(\.reason) == ["'loss' is 'abc', not a number; left out", "'step' is 'x', not an integer; left out"])
    }

    // MARK: Ingestion while the job writes

    /// Lightning's CSVLogger rewrites metrics.csv at every save; the header grows with new metrics.
    @Test func csvIngestedIncrementallyAndAfterRewrites() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "lit", job: 0, overrides: ["lr=0.1"], config: "lr: 0.1\n")
        let folder = run.appendingPathComponent("lightning_logs/version_0")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let csv = folder.appendingPathComponent("metrics.csv")
        // Hidden folders are not searched (a Hydra app's own .hydra_app/, caches).
        let hidden = run.appendingPathComponent(".cache")
        try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
        try "hidden_metric,step\n1.0,0\n".write(to: hidden.appendingPathComponent("metrics.csv"), atomically: false, encoding: .utf8)
        let store = try MetricsStore(path: fixture.databasePath)

        try "train_loss,step\r\n0.9,0\r\n0.8,1\r\n".write(to: csv, atomically: false, encoding: .utf8)
        #expect(try store.ingest(runDirectory: run).newMetricRows == 2)
        // Rewritten in place with the same rows and one more: read on from the offset.
        try "train_loss,step\r\n0.9,0\r\n0.8,1\r\n0.7,2\r\n0.6,3".write(to: csv, atomically: false, encoding: .utf8)
        let second = try store.ingest(runDirectory: run)
        #expect(second.newMetricRows == 1)
        #expect(!second.restarted)
        // A new metric: Lightning writes a longer header and every row again.
        try "train_loss,step,val/hmean,epoch\r\n0.9,0,,\r\n0.8,1,,\r\n0.7,2,,\r\n0.6,3,,\r\n,3,0.55,0\r\n"
            .write(to: csv, atomically: false, encoding: .utf8)
        let third = try store.ingest(runDirectory: run)
        #expect(third.restarted)
        #expect(third.newMetricRows == 5)
        #expect(try store.ingest(runDirectory: run).newMetricRows == 0)
        #expect(try store.ingestAll(under: fixture.root).upToDate == 1)

        let record = try #require(try store.run(storedPath: "lit/0_lr=0.1"))
        #expect(try store.metricHistory(ofRun: record.id).map { "\($0.name)@\($0.step ?? -1)=\($0.value)" } == [
            "train_loss@0=0.9", "train_loss@1=0.8", "train_loss@2=0.7", "train_loss@3=0.6", "val/hmean@3=0.55",
        ])
        #expect(try store.metricHistory(ofRun: record.id, name: "val/hmean").first?.epoch == 0)
        #expect(try store.metricNames(ofRuns: [record.id]) == ["train_loss", "val/hmean"])
    }

    @Test func eventFilesIngestedWhileWrittenAndCorruptionReportedOnce() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "tb", job: 0, overrides: ["lr=0.1"], config: "lr: 0.1\n")
        try fixture.append(run, RunDirectoryFixture.line(step: 1, epoch: 0, [("jsonl/loss", 2.0)]))
        let folder = run.appendingPathComponent("tb/version_0")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("events.out.tfevents.1763712000.host.1.0")
        let store = try MetricsStore(path: fixture.databasePath)

        var version = Tensorboard_Event()
        version.fileVersion = "brain.Event:2"
        let header = TFRecordFraming.frame(try version.serializedBytes())
        let first = Self.event(step: 10, [("train/loss", 0.5), ("val/acc", 0.75)])
        var corrupt = Self.event(step: 20, [("train/loss", 0.4)])
        corrupt[corrupt.count - 1] ^= 0xFF
        let third = Self.event(step: 30, [("train/loss", 0.25)])
        try Data(header + first + third[..<7]).write(to: file)

        let pass1 = try store.ingest(runDirectory: run)
        #expect(pass1.newMetricRows == 3)  // the jsonl line and two scalars; the torn record waits
        try Data(header + first + corrupt + third).write(to: file)
        let pass2 = try store.ingest(runDirectory: run)
        #expect(pass2.newMetricRows == 1)
        let offset = header.count + first.count
        #expect(pass2.malformedLines.map(\.description) == [
            "\(run.path)/tb/version_0/events.out.tfevents.1763712000.host.1.0:\(offset): corrupt record at byte offset \(offset): record data fails its CRC-32C check; record skipped",
        ])
        #expect(try store.ingest(runDirectory: run).malformedLines.isEmpty)

        // The run ends with a torn record the writer will never finish: reported once.
        let fourth = Self.event(step: 40, [("train/loss", 0.2)])
        try Data(header + first + corrupt + third + fourth[..<9]).write(to: file)
        #expect(try store.ingest(runDirectory: run).malformedLines.isEmpty)  // still running: waited for
        try fixture.writeStatus(run, state: "completed", job: 0, end: 1763712060, exitCode: 0)
        let torn = offset + corrupt.count + third.count
        #expect(try store.ingest(runDirectory: run).malformedLines.map(\.reason) == [
            "torn record at byte offset \(torn): the file ends inside it and the run is over; record skipped",
        ])
        #expect(try store.ingest(runDirectory: run).malformedLines.isEmpty)

        let record = try #require(try store.run(storedPath: "tb/0_lr=0.1"))
        let history = try store.metricHistory(ofRun: record.id)
        #expect(history.map { "\($0.name)@\($0.step ?? -1)=\($0.value)" } == [
            "jsonl/loss@1=2.0", "train/loss@10=0.5", "val/acc@10=0.75", "train/loss@30=0.25",
        ])
        #expect(history.last?.time == 1_763_712_000.25)

        // metrics.jsonl rewritten: its rows go and come back; the event file's rows stay.
        try Data(RunDirectoryFixture.line(step: 1, epoch: 0, [("jsonl/loss", 3.0)]).utf8)
            .write(to: run.appendingPathComponent("metrics.jsonl"))
        let rewritten = try store.ingest(runDirectory: run)
        #expect(rewritten.restarted)
        #expect(try store.metricHistory(ofRun: record.id).map { "\($0.name)@\($0.step ?? -1)=\($0.value)" } == [
            "jsonl/loss@1=3.0", "train/loss@10=0.5", "val/acc@10=0.75", "train/loss@30=0.25",
        ])
        #expect(try store.metricNames(ofRuns: [record.id]) == ["jsonl/loss", "train/loss", "val/acc"])
    }

    /// Differential: event files written by tensorboardX and in TensorFlow 2's tensor form
    /// (Tests/Reference/tfevents_write.py) are stored value for value as the writer logged them.
    @Test(.enabled(if: ReferencePython.available, Comment(rawValue: ReferencePython.skipNote)))
    func eventFilesOfRealWritersStoredValueForValue() throws {
        let fixture = try RunDirectoryFixture()
        let run = try fixture.makeRun(exp: "tbx", job: 0, overrides: ["lr=0.1"], config: "lr: 0.1\n")
        let folder = run.appendingPathComponent("tb")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = try ReferencePython.run("tfevents_write.py", arguments: [folder.path])
        let logged = try #require(try JSONSerialization.jsonObject(with: output) as? [String: [[String: Any]]])
        #expect(logged.count == 2)
        #expect(logged.values.map(\.count).sorted() == [10, 16])

        let store = try MetricsStore(path: fixture.databasePath)
        let report = try store.ingest(runDirectory: run)
        #expect(report.malformedLines.isEmpty)
        let record = try #require(try store.run(storedPath: "tbx/0_lr=0.1"))
        // Files are read in path order, each in record order.
        let expected = logged.keys.sorted().flatMap { name in
            logged[name]!.map { event in
                "\(event["tag"] as! String)@\(event["step"] as! Int)=\(Double(event["value"] as! String)!) t=\(Double(event["wall_time"] as! String)!)"
            }
        }
        let stored = try store.metricHistory(ofRun: record.id).map { "\($0.name)@\($0.step ?? -1)=\($0.value) t=\($0.time ?? -1)" }
        #expect(stored == expected)
    }
}

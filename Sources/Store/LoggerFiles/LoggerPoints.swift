/// Metric values read from a logger file in one pass, with what was skipped and how far the
/// read got.
struct LoggerPoints {
    struct Point: Equatable {
        /// 1-based record number in the file (CSV data row, TFRecord record).
        var record: Int
        var name: String
        var step: Int64?
        var epoch: Int64?
        var value: Double
        var time: Double?
    }

    var points: [Point] = []
    /// Skipped rows or records: (CSV line number or TFRecord byte offset, why).
    var skipped: [(line: Int64, reason: String)] = []
    /// Bytes consumed from the read's start; what follows waits for the writer.
    var consumedBytes = 0
    /// Records consumed.
    var consumedRecords = 0
}

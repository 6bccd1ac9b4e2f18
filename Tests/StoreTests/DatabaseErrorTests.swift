import Foundation
import Store
import Testing

@Suite("Database files that cannot be used")
struct DatabaseErrorTests {
    @Test func missingDatabaseIsAnErrorWhenItMustExist() throws {
        let fixture = try RunDirectoryFixture()
        let path = fixture.root.appendingPathComponent("nope.sqlite").path
        #expect(throws: StoreError.missingDatabase(path: path)) {
            try MetricsStore(path: path, mustExist: true)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(StoreError.missingDatabase(path: path).localizedDescription
            == "no results database at '\(path)': check the --db / ABLATE_DB path, or leave both unset to use outputs/ablate.sqlite")
    }

    @Test func corruptFileIsNotADatabase() throws {
        let fixture = try RunDirectoryFixture()
        let path = fixture.root.appendingPathComponent("bad.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path: path, reason: "file is not a database")) {
            try MetricsStore(path: path)
        }
    }

    @Test func someoneElsesSQLiteFileIsRefused() throws {
        let fixture = try RunDirectoryFixture()
        let path = fixture.root.appendingPathComponent("other.sqlite").path
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        sqlite.arguments = ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()", path]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0)
        #expect(throws: StoreError.notADatabase(path: path, reason: "it holds other tables: t")) {
            try MetricsStore(path: path)
        }
    }

    @Test func databasePathPrecedence() {
        #expect(MetricsStore.databasePath(option: "a.sqlite", environment: ["ABLATE_DB": "b.sqlite"]) == ("a.sqlite", true))
        #expect(MetricsStore.databasePath(option: nil, environment: ["ABLATE_DB": "b.sqlite"]) == ("b.sqlite", true))
        #expect(MetricsStore.databasePath(option: nil, environment: [:]) == ("outputs/ablate.sqlite", false))
        #expect(MetricsStore.databasePath(option: nil, environment: [:], root: "runs") == ("runs/ablate.sqlite", false))
    }
}

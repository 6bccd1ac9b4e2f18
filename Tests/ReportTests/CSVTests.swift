import Report
import Testing

@Suite("CSV (RFC 4180)")
struct CSVTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let field: String
        let written: String
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "plain", field: "dbnet", written: "dbnet"),
        Case(id: "comma", field: "icdar, 2015", written: #""icdar, 2015""#),
        Case(id: "quote", field: #"say "hi""#, written: #""say ""hi""""#),
        Case(id: "newline", field: "two\nlines", written: "\"two\nlines\""),
        Case(id: "carriage return", field: "a\r\nb", written: "\"a\r\nb\""),
        Case(id: "all at once", field: "a,\"b\"\nc", written: "\"a,\"\"b\"\"\nc\""),
        Case(id: "empty", field: "", written: ""),
    ]

    @Test(arguments: cases)
    func quoting(_ test: Case) throws {
        #expect(CSV.quote(test.field) == test.written)
        let table = ResultsTable(columns: ["run_id", "data.name"], rows: [[.int(1), test.field.isEmpty ? .empty : .text(test.field)]])
        let text = CSV.write(table)
        #expect(text == "run_id,data.name\n1,\(test.written)\n")
        #expect(try CSV.read(text, file: "results.csv") == ResultsTable(
            columns: ["run_id", "data.name"], rows: [[.text("1"), test.field.isEmpty ? .empty : .text(test.field)]]))
    }

    @Test func readsCRLFLineEnds() throws {
        let table = try CSV.read("a,b\r\n1,\"x\r\ny\"\r\n", file: "r.csv")
        #expect(table == ResultsTable(columns: ["a", "b"], rows: [[.text("1"), .text("x\r\ny")]]))
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let id: String
        let text: String
        let message: String
        var testDescription: String { id }
    }

    static let badCases: [BadCase] = [
        BadCase(id: "unclosed quote", text: "a,b\n1,\"open\n2,3\n",
                message: "results.csv:2: a quoted field is never closed"),
        BadCase(id: "text after quote", text: "a,b\n1,\"x\"y\n",
                message: #"results.csv:2: text after a closing quote; a quote inside a quoted field is written """#),
        BadCase(id: "field count", text: "a,b\n1,2\n3\n",
                message: "results.csv:3: 1 fields where the header has 2"),
        BadCase(id: "empty file", text: "", message: "'results.csv' holds no runs: collect them with collect_results --output results.csv"),
    ]

    @Test(arguments: badCases)
    func malformed(_ bad: BadCase) throws {
        let error = try #require(throws: ReportError.self) { try CSV.read(bad.text, file: "results.csv") }
        #expect(error.localizedDescription == bad.message)
    }
}

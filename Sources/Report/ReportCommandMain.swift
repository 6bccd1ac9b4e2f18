import ArgumentParser
import Foundation
import Store

/// The entry point both report commands share: parse, run, and map every failure to one line on
/// stderr and exit code 2 (store and report errors, bad usage); `--help` and `--version` exit 0.
public enum ReportCommandMain {
    public static func run<Command: ParsableCommand>(_ type: Command.Type, name: String) -> Never {
        do {
            var command = try type.parseAsRoot()
            try command.run()
            exit(0)
        } catch let error as StoreError {
            printError("error: \(error.localizedDescription)")
        } catch let error as ReportError {
            printError("error: \(error.localizedDescription)")
        } catch {
            if type.exitCode(for: error) == .success { type.exit(withError: error) }
            printError("error: \(type.message(for: error)) (see \(name) --help)")
        }
        exit(2)
    }
}

/// One line on stderr.
public func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

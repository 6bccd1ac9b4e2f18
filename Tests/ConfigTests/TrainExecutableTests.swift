import Foundation
import Testing
@testable import Config

/// The `train` binary end to end: real process, real configs/, exit codes and stderr.
@Suite("train executable")
struct TrainExecutableTests {
    /// `train`, built next to this test bundle by `swift test`.
    static var binary: String? {
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("train").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let built = Paths.repoRoot.appendingPathComponent(".build/debug/train").path
        return FileManager.default.isExecutableFile(atPath: built) ? built : nil
    }

    func train(_ args: [String], cwd: String = "/") throws -> (status: Int32, stdout: String, stderr: String) {
        let binary = try #require(Self.binary, "the train binary was not built")
        var env = ProcessInfo.processInfo.environment
        env["ABLATE_CONFIG_DIR"] = nil
        return try runProcess(binary, args, environment: env, currentDirectory: cwd)
    }

    @Test func cfgJobPrintsCraftFromAnyDirectory() throws {
        let r = try train(["model.architecture_name=craft", "--cfg", "job"])
        #expect(r.status == 0)
        let printed = try ConfigValue(yaml: r.stdout)
        #expect(printed.value(at: "model.head.name") == .string("craft_head"))
        #expect(printed.value(at: "hydra") == nil)
    }

    @Test func jsonAndResolve() throws {
        let r = try train(["exp_name=x", "--cfg", "all", "--resolve", "--json"])
        #expect(r.status == 0)
        let printed = try ConfigValue(yaml: r.stdout)
        #expect(printed.value(at: "hydra.sweep.dir") == .string("outputs/x"))
        #expect(printed.value(at: "optimizer.lr") == .double(0.007))
    }

    @Test func configErrorsExitTwoWithOneBlock() throws {
        let r = try train(["exp_name=x", "optimizer.lrr=0.1", "--cfg", "job"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "error: Could not override 'optimizer.lrr' (override #2): no such key. "
            + "Did you mean 'optimizer.lr'? Use +optimizer.lrr=... to add a key.\n")
        let missing = try train(["model/architectures=nope"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Could not find 'model/architectures/nope'\n\nAvailable options in 'model/architectures':\n\tcraft\n\tdbnet\n\tdbnetpp\n"))
    }

    @Test func sweepWithoutMultirun() throws {
        let r = try train(["data.batch_size=8,16"])
        #expect(r.status == 2)
        #expect(r.stderr == "error: Override #1 'data.batch_size=8,16' is a sweep: add -m to run one job per value "
            + "(or quote the value to pass it as one string).\n")
    }

    @Test func infoAndHelp() throws {
        let info = try train(["--info", "+model=architectures/dbnetpp"])
        #expect(info.status == 0)
        #expect(info.stdout.contains("Chosen options (hydra.runtime.choices):\n"))
        #expect(info.stdout.contains("\n  model/architectures: dbnetpp\n"))
        let help = try train(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("model/architectures: craft, dbnet, dbnetpp\n"))
        #expect(help.stdout.contains("--config-dir"))
    }

    @Test func searchPathFlags() throws {
        let r = try train(["-cp", Paths.fixtureTree, "-cn", "config", "db=postgres", "--cfg", "job"])
        #expect(r.status == 0)
        #expect(try ConfigValue(yaml: r.stdout).value(at: "db.driver") == .string("postgres"))
        let bad = try train(["--config-dir", "/nonexistent-ablate", "--cfg", "job"])
        #expect(bad.status == 2)
        #expect(bad.stderr == "error: Config directory '/nonexistent-ablate' (--config-dir) not found. Pass an existing directory.\n")
    }
}

@Suite("Config directory lookup")
struct ConfigLocatorTests {
    @Test func order() throws {
        #expect(try ConfigLocator.primaryDirectory(explicit: "/x", configName: "train") == "/x")
        #expect(try ConfigLocator.primaryDirectory(explicit: nil, configName: "train", environment: ["ABLATE_CONFIG_DIR": "/env"]) == "/env")
        #expect(try ConfigLocator.primaryDirectory(explicit: nil, configName: "train", environment: [:],
                                                   currentDirectory: Paths.repoRoot.path, executablePath: nil)
            == Paths.shippedConfigs)
        #expect(try ConfigLocator.primaryDirectory(explicit: nil, configName: "train", environment: [:], currentDirectory: "/",
                                                   executablePath: Paths.repoRoot.path + "/.build/release/train")
            == Paths.shippedConfigs)
        #expect(message {
            _ = try ConfigLocator.primaryDirectory(explicit: nil, configName: "train", environment: [:], currentDirectory: "/tmp",
                                                   executablePath: nil)
        } == "Could not find a config directory holding 'train.yaml' (looked in: /tmp/configs). Pass one with -cp DIR or set ABLATE_CONFIG_DIR.")
    }
}

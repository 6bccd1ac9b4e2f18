import ArgumentParser
import Config
import Foundation
import Launch

/// Which part of the composed config `--cfg` prints.
enum ConfigPart: String, ExpressibleByArgument, CaseIterable {
    case job, hydra, all
}

/// The `train` command line: Hydra's flags plus the launcher's.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Compose a training config from configs/ and run it, or sweep it with -m.",
        helpNames: [])

    @Argument(help: ArgumentHelp("Overrides: key=value, group=option, +key=value, ++key=value, ~key[=value], group@pkg=option; sweeps (a,b,c  range()  choice()  glob()) need -m.",
                                 valueName: "override"))
    var overrides: [String] = []

    @Flag(name: [.customShort("m"), .customLong("multirun")], help: "Run one job per combination of the sweep overrides.")
    var multirun = false

    @Option(name: [.customShort("c"), .customLong("cfg")], help: ArgumentHelp("Print the composed config (job: without the hydra node, hydra, all) and exit.", valueName: "part"))
    var cfg: ConfigPart?

    @Flag(help: "With --cfg: resolve interpolations (??? stays ???).")
    var resolve = false

    @Flag(help: "With --cfg or --dry-run: print JSON instead of YAML.")
    var json = false

    @Flag(help: "Print the config search path, the defaults tree and the chosen options, and exit.")
    var info = false

    @Option(name: [.customLong("cp", withSingleDash: true), .customLong("config-path")],
            help: ArgumentHelp("The primary config directory (default: $ABLATE_CONFIG_DIR, ./configs, else the repository's configs/).",
                              valueName: "dir"))
    var configPath: String?

    @Option(name: [.customLong("cn", withSingleDash: true), .customLong("config-name")], help: ArgumentHelp("The primary config's name.", valueName: "name"))
    var configName = "train"

    @Option(name: [.customLong("cd", withSingleDash: true), .customLong("config-dir")],
            help: ArgumentHelp("Another config directory, searched after the primary one (repeatable).", valueName: "dir"))
    var configDir: [String] = []

    @Flag(name: .customLong("dry-run"), help: "List the jobs a run would launch, and exit.")
    var dryRun = false

    @Flag(help: "Resume the sweep in its output directory: skip finished jobs, continue interrupted ones.")
    var resume = false

    @Flag(help: "Start the jobs and return without waiting for them.")
    var detach = false

    @Flag(name: [.customShort("h"), .customLong("help")], help: "Show the config groups, the config and these flags.")
    var help = false

    @Option(name: .customLong("bench-compose"), help: .hidden)
    var benchCompose: Int?

    /// Parses, runs, and maps every outcome to an exit code (0, 1, 2, 130); never traps.
    static func runMain(_ arguments: [String]) -> Int32 {
        let command: TrainCommand
        do {
            command = try parse(arguments)
        } catch {
            let text = fullMessage(for: error)
            Console.err(text + "\n" + "Run 'train --help' for the flags and config groups.\n")
            return 2
        }
        do {
            return try command.execute()
        } catch {
            let text = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            Console.err("error: " + text + "\n")
            return 2
        }
    }

    func execute() throws -> Int32 {
        // Hydra takes `-cn config.yaml` for `-cn config`.
        var configName = self.configName
        if configName.hasSuffix(".yaml") { configName.removeLast(".yaml".count) }
        let primary = try ConfigLocator.primaryDirectory(explicit: configPath, configName: configName)
        let composer = Composer(searchPath: try ConfigSearchPath(primary: primary, additional: configDir))
        if help {
            print(helpText(composer, configName: configName), terminator: "")
            return 0
        }
        let parsed = try OverrideParser.parse(overrides)
        let runtime = RuntimeContext(mode: multirun ? .multirun : .run)
        // Introspection under -m shows the config without the sweep values (as multirun.yaml).
        let composeOverrides = multirun ? parsed.filter { !$0.isSweep } : parsed
        if let n = benchCompose {
            print(try CompositionBenchmark.run(composer: composer, configName: configName, overrides: composeOverrides, count: n))
            return 0
        }
        if info {
            let composition = try composer.compose(configName: configName, overrides: composeOverrides, runtime: runtime)
            print(Introspection.info(composition), terminator: "")
            return 0
        }
        if let cfg {
            let composition = try composer.compose(configName: configName, overrides: composeOverrides, runtime: runtime)
            var whole = composition.config
            if resolve { whole = try whole.resolved(with: Resolvers.standard(), keepMissing: true) }
            let shown: ConfigValue
            switch cfg {
            case .job:
                whole.remove(at: ["hydra"])
                shown = whole
            case .hydra: shown = .dict(["hydra": whole.value(at: ["hydra"]) ?? .dict([:])])
            case .all: shown = whole
            }
            print(json ? shown.jsonString() : shown.yamlString(), terminator: json ? "\n" : "")
            return 0
        }
        if !multirun, let sweep = parsed.first(where: \.isSweep) {
            throw ConfigError.override("Override #\(sweep.index + 1) '\(sweep.inputLine)' is a sweep: add -m to run one job "
                + "per value (or quote the value to pass it as one string).")
        }
        // Fail on config errors before anything runs (the sweep's own values are checked per job).
        _ = try composer.compose(configName: configName, overrides: composeOverrides, runtime: runtime)
        return try runJobs(JobRequest(composer: composer, configName: configName, overrides: parsed, multirun: multirun,
                                      dryRun: dryRun, resume: resume, detach: detach, json: json))
    }

    private func helpText(_ composer: Composer, configName: String) -> String {
        let config = try? composer.compose(configName: configName).taskConfig
        return HelpText.help(appName: "train", composer: composer, configName: configName, config: config,
                             flags: TrainCommand.helpMessage(columns: 100))
    }
}

import Foundation
import Testing
@testable import Config

@Suite("Composition: defaults lists, packages, group overrides")
struct ComposeTests {
    let composer: Composer
    init() throws { composer = try fixtureComposer() }

    func task(_ overrides: [Override] = []) throws -> ConfigValue {
        try composer.compose(configName: "config", overrides: overrides).taskConfig
    }

    @Test func defaultsListOrderAndSelfPosition() throws {
        let c = try composer.compose(configName: "config")
        // _self_ after db: the primary's db.timeout (10) wins over mysql's (5).
        #expect(c.config.value(at: "db.timeout") == .int(10))
        #expect(c.config.value(at: "db.driver") == .string("mysql"))
        #expect(Array(c.taskConfig.dictValue!.keys) == ["common", "db", "server", "backup", "app", "nums", "lists", "env", "whole", "strings"])
        // The built-in orchestration groups come first (as Hydra's own config does), then the tree's.
        #expect(c.defaultsTree.mergeOrder.map(\.configPath) == [
            "hydra/launcher/local", "hydra/sweeper/basic", "hydra/task/external",
            "common/base", "db/mysql", "server/plugins/brotli", "server/nginx", "db/sqlite", "config",
        ])
        #expect(c.defaultsTree.mergeOrder.map(\.package)
            == ["hydra.launcher", "hydra.sweeper", "hydra.task", "common", "db", "server.plugins", "server", "backup", ""])
    }

    @Test func overrideEntryAndNestedGroup() throws {
        // `override server/plugins: brotli` in the primary replaces nginx's `plugins: gzip`.
        #expect(try task().value(at: "server.plugins") == (try ConfigValue(yaml: "level: 4\nquality: 11")))
        // The command line wins over the override entry.
        let t = try task([O.group("server/plugins", "gzip", "server/plugins=gzip")])
        #expect(t.value(at: "server.plugins") == (try ConfigValue(yaml: "level: 6")))
    }

    @Test func optionalMissingOptionIsSkippedAndChoosable() throws {
        #expect(try task().value(at: "telemetry") == nil)
        let t = try task([O.group("telemetry", "full", "telemetry=full")])
        #expect(t.value(at: "telemetry.sample_rate") == .double(0.25))
    }

    @Test func globalPackageHeader() throws {
        let t = try task([O.add("extras", O.s("globals"), "+extras=globals")])
        #expect(t.value(at: "app.name") == .string("global-app"))
        #expect(t.value(at: "global_flag") == .bool(true))
    }

    @Test func overrideEntryWithoutItsGroupIsAnError() {
        // server=apache drops nginx and with it server/plugins, which the primary's override entry targets.
        #expect(message { _ = try task([O.group("server", "apache", "server=apache")]) }
            == "Could not override 'server/plugins' (in \(Paths.fixtureTree)/config.yaml): no match in the defaults list.")
    }

    @Test func explicitPackageHeaderAndAppend() throws {
        let t = try task([O.add("extras", O.s("early"), "+extras=early")])
        #expect(t.value(at: "app.port") == .int(9090))
        #expect(t.value(at: "app.extra") == .bool(true))
    }

    @Test func groupAtPackage() throws {
        #expect(try task().value(at: "backup.driver") == .string("sqlite"))
        let t = try task([O.group("db", package: "backup", "postgres", "db@backup=postgres")])
        #expect(t.value(at: "backup.driver") == .string("postgres"))
        #expect(t.value(at: "db.driver") == .string("mysql"))
        let deleted = try task([Override(kind: .delete, keyOrGroup: "db", package: "backup", value: nil, inputLine: "~db@backup", index: 0)])
        #expect(deleted.value(at: "backup") == nil)
    }

    @Test func nestedPackageIsRelativeToItsParent() throws {
        // extras/late has `- /db@extras.db: postgres`: a package relative to the parent's (extras).
        let t = try task([O.add("extras", O.s("late"), "+extras=late")])
        #expect(t.value(at: "extras.extras.db.driver") == .string("postgres"))
        #expect(t.value(at: "extras.flavour") == .string("late"))
    }

    @Test func choicesReportTheTree() throws {
        let c = try composer.compose(configName: "config", overrides: [O.group("db", "postgres", "db=postgres")])
        #expect(c.choices["db"] == .some("postgres"))
        #expect(c.choices["server/plugins"] == .some("brotli"))
        #expect(c.choices["db@backup"] == .some("sqlite"))
        #expect(c.config.value(at: "hydra.runtime.choices.db") == .string("postgres"))
    }

    @Test func missingOptionListsAvailableOptions() {
        #expect(message { _ = try task([O.group("db", "nope", "db=nope")]) } == """
        In 'config': Could not find 'db/nope'

        Available options in 'db':
        \tmysql
        \tpostgres
        \tsqlite
        """)
    }

    @Test func groupNotInDefaultsList() {
        #expect(message { _ = try task([O.group("extras", "early", "extras=early", at: 1)]) }
            == "Could not override 'extras' (override #2 'extras=early'): no match in the defaults list. To add it, use +extras=OPTION.")
    }

    @Test func unknownGroupPathIsAnError() {
        #expect(message { _ = try task([O.add("model/heads", O.s("foo"), "+model/heads=foo")]) }?
            .hasPrefix("Could not apply override #1 '+model/heads=foo': 'model/heads' is not a config group. Groups: ") == true)
    }

    @Test func sweepIsRejected() {
        let sweep = Override(kind: .change, keyOrGroup: "app.port", value: .choiceSweep(ChoiceSweep(choices: [.int(1), .int(2)], simpleForm: true)),
                             inputLine: "app.port=1,2", index: 0)
        #expect(message { _ = try task([sweep]) }
            == "Could not apply override #1 'app.port=1,2': it is a sweep. Add -m to run one job per value.")
    }

    @Test func primaryConfigMissing() {
        #expect(message { _ = try composer.compose(configName: "nope") }?.hasPrefix("Cannot find primary config 'nope'.") == true)
    }
}

@Suite("Key overrides in struct mode")
struct KeyOverrideTests {
    let composer: Composer
    init() throws { composer = try fixtureComposer() }

    func task(_ overrides: [Override]) throws -> ConfigValue {
        try composer.compose(configName: "config", overrides: overrides).taskConfig
    }

    @Test func changeKeepsTypesAndMergesDicts() throws {
        let t = try task([
            O.change("app.port", .int(1), "app.port=1"),
            O.change("app", .dict(["name": O.s("z"), "extra": .bool(true)]), "app={name:z,extra:true}", at: 1),
            O.change("lists.l", .list([.int(9)]), "lists.l=[9]", at: 2),
        ])
        #expect(t.value(at: "app.port") == .int(1))
        #expect(t.value(at: "app.name") == .string("z"))
        #expect(t.value(at: "app.host") == .string("localhost"))
        #expect(t.value(at: "app.extra") == .bool(true))
        #expect(t.value(at: "lists.l") == .list([.int(9)]))
    }

    @Test func unknownKeySuggestsTheClosest() {
        #expect(message { _ = try task([O.change("app.prot", .int(1), "app.prot=1", at: 1)]) }
            == "Could not override 'app.prot' (override #2): no such key. Did you mean 'app.port'? Use +app.prot=... to add a key.")
        #expect(message { _ = try task([O.change("apq.port", .int(1), "apq.port=1")]) }
            == "Could not override 'apq.port' (override #1): no such key. Did you mean 'app.port'? Use +apq.port=... to add a key.")
        #expect(message { _ = try task([O.change("zzzzzz", .int(1), "zzzzzz=1")]) }
            == "Could not override 'zzzzzz' (override #1): no such key. Use +zzzzzz=... to add a key.")
    }

    @Test func addCreatesAndRefusesExisting() throws {
        let t = try task([O.add("app.new.deep", .int(5), "+app.new.deep=5")])
        #expect(t.value(at: "app.new.deep") == .int(5))
        #expect(message { _ = try task([O.add("app.port", .int(5), "+app.port=5")]) }
            == "Could not add 'app.port' (override #1): the key already exists (value 8080). Use ++app.port=... to add or change it.")
    }

    @Test func forceAddAddsOrChanges() throws {
        let t = try task([O.forceAdd("app.port", .int(7), "++app.port=7"), O.forceAdd("app.x", .int(1), "++app.x=1", at: 1)])
        #expect(t.value(at: "app.port") == .int(7))
        #expect(t.value(at: "app.x") == .int(1))
    }

    @Test func deleteWithAndWithoutValue() throws {
        let t = try task([O.delete("nums.s", O.s("yes"), "~nums.s=yes"), O.delete("lists", nil, "~lists", at: 1)])
        #expect(t.value(at: "nums.s") == nil)
        #expect(t.value(at: "lists") == nil)
        #expect(message { _ = try task([O.delete("nums.i", .int(4), "~nums.i=4")]) }
            == "Could not delete 'nums.i' (override #1): its value is 3, not 4. Use ~nums.i to delete it whatever its value.")
        #expect(message { _ = try task([O.delete("nums.ii", nil, "~nums.ii")]) }
            == "Could not delete 'nums.ii' (override #1): no such key. Did you mean 'nums.i'?")
    }

    @Test func missingValueOverride() throws {
        let t = try task([O.change("app.name", O.s("???"), "app.name=???")])
        #expect(t.value(at: "app.name") == .missing)
    }
}

@Suite("Config search path")
struct SearchPathTests {
    let extra = Paths.testsDir.appendingPathComponent("Fixtures/extra").path

    @Test func configDirAddsOptionsAfterThePrimary() throws {
        let composer = Composer(searchPath: try ConfigSearchPath(primary: Paths.fixtureTree, additional: [extra]))
        #expect(composer.searchPath.descriptions == ["provider=main, path=file://\(Paths.fixtureTree)",
                                                     "provider=command-line, path=file://\(extra)"])
        #expect(composer.options(in: "db") == ["mysql", "oracle", "postgres", "sqlite"])
        let oracle = try composer.compose(configName: "config", overrides: [O.group("db", "oracle", "db=oracle")])
        #expect(oracle.config.value(at: "db.driver") == .string("oracle"))
        // The primary tree wins where both have the file.
        #expect(try composer.compose(configName: "config").config.value(at: "db.driver") == .string("mysql"))
    }
}

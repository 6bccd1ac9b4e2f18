import Foundation
import Testing
@testable import Config

@Suite("The shipped configs/ tree and architecture selection")
struct ShippedConfigTests {
    let composer: Composer
    let resolvers = Resolvers.standard()
    init() throws { composer = Composer(searchPath: try ConfigSearchPath(primary: Paths.shippedConfigs)) }

    func composed(_ overrides: [Override] = []) throws -> Composition {
        try composer.compose(configName: "train", overrides: overrides)
    }

    func head(of name: String) throws -> ConfigValue {
        let text = try String(contentsOfFile: Paths.shippedConfigs + "/model/architectures/\(name).yaml", encoding: .utf8)
        return try #require(try ConfigValue(yaml: text).value(at: "head"))
    }

    @Test func defaultsComposeAndResolve() throws {
        let c = try composed()
        let t = try c.taskConfig.resolved(with: resolvers)
        #expect(Array(t.dictValue!.keys) == ["model", "data", "optimizer", "scheduler",
                                             "exp_name", "seed", "resume", "trainer", "training", "train", "eval", "logger"])
        #expect(t.value(at: "model.architecture_name") == .string("dbnet"))
        #expect(t.value(at: "model.head.k") == .int(50))
        #expect(t.value(at: "model.head.postprocess.box_thresh") == .double(0.6))
        #expect(t.value(at: "model.head.postprocess.use_polygon") == .bool(false))
        #expect(t.value(at: "model.encoder.model_name") == .string("resnet18"))
        #expect(t.value(at: "optimizer.lr") == .double(0.007))
        #expect(t.value(at: "model.resume") == .null)
        let h = try c.config.resolved(with: resolvers, keepMissing: true)
        #expect(h.value(at: "hydra.launcher.n_jobs") == .null)
        #expect(h.value(at: "hydra.launcher.kill_timeout") == .int(10))
        #expect(h.value(at: "hydra.task.name") == .string("train"))
        #expect(c.choices["hydra/launcher"] == .some("local"))
        #expect(c.choices["model/architectures"] == .some("dbnet"))
    }

    @Test(arguments: ["dbnet", "dbnetpp", "craft"])
    func keyFormSelectsTheArchitectureWithItsHead(name: String) throws {
        let c = try composed([O.change("model.architecture_name", O.s(name), "model.architecture_name=\(name)")])
        #expect(c.config.value(at: "model.architecture_name") == .string(name))
        #expect(c.config.value(at: "model.head") == (try head(of: name)))
        #expect(c.choices["model/architectures"] == .some(name))
        #expect(c.config.value(at: "hydra.runtime.choices.model/architectures") == .string(name))
        // The override stays as typed for the run directory name.
        #expect(c.config.value(at: "hydra.job.override_dirname") == .string("model.architecture_name=\(name)"))
    }

    @Test func appendFormReplacesTheArchitecture() throws {
        let c = try composed([O.add("model", O.s("architectures/dbnetpp"), "+model=architectures/dbnetpp")])
        #expect(c.config.value(at: "model.architecture_name") == .string("dbnetpp"))
        #expect(c.config.value(at: "model.head") == (try head(of: "dbnetpp")))
        #expect(c.choices["model/architectures"] == .some("dbnetpp"))
        #expect(c.choices["model"] == nil)
        #expect(c.defaultsTree.mergeOrder.map(\.configPath).filter { $0.hasPrefix("model/architectures") }
            == ["model/architectures/dbnetpp"])
    }

    @Test func craftHeadHasNoDBNetLeftovers() throws {
        let c = try composed([O.change("model.architecture_name", O.s("craft"), "model.architecture_name=craft")])
        #expect(c.config.value(at: "model.head.k") == nil)
        #expect(c.config.value(at: "model.head.postprocess.text_threshold") == .double(0.7))
    }

    @Test func selectorWithUnknownOption() {
        #expect(message { _ = try composed([O.change("model.architecture_name", O.s("nope"), "model.architecture_name=nope")]) } == """
        In 'train': Could not find 'model/architectures/nope'

        Available options in 'model/architectures':
        \tcraft
        \tdbnet
        \tdbnetpp
        """)
    }

    @Test func encoderAndDataSelectors() throws {
        let c = try composed([O.change("model.encoder.model_name", O.s("resnet50"), "model.encoder.model_name=resnet50"),
                              O.change("data.dataset", O.s("icdar2015"), "data.dataset=icdar2015", at: 1)])
        #expect(c.config.value(at: "model.encoder.channels") == .list([.int(256), .int(512), .int(1024), .int(2048)]))
        #expect(c.config.value(at: "data.root") == .string("data/icdar2015"))
    }

    @Test func everyGroupOptionComposes() throws {
        for group in composer.groups() {
            for option in composer.options(in: group) {
                // experiment/ is not in the primary defaults list: its options are appended (+experiment=NAME).
                // The sampler and pruner groups are chosen under hydra/sweeper=optuna, which lists them.
                let study = group.hasPrefix("hydra/sweeper/") ? [O.group("hydra/sweeper", "optuna", "hydra/sweeper=optuna")] : []
                let c = try composed(study + [group == "experiment" ? O.add(group, O.s(option), "+\(group)=\(option)", at: study.count)
                                                                    : O.group(group, option, "\(group)=\(option)", at: study.count)])
                _ = try c.config.resolved(with: resolvers, keepMissing: true)
                #expect(c.choices[group] == .some(option))
            }
        }
    }

    @Test func structErrorOnTheRealTree() {
        #expect(message { _ = try composed([O.change("optimizer.lrr", .double(0.1), "optimizer.lrr=0.1", at: 1)]) }
            == "Could not override 'optimizer.lrr' (override #2): no such key. Did you mean 'optimizer.lr'? Use +optimizer.lrr=... to add a key.")
    }

    @Test func orchestrationShortFormsMeanTheHydraNode() throws {
        let c = try composed([O.group("launcher", "slurm", "launcher=slurm"),
                              O.change("launcher.partition", O.s("gpu"), "launcher.partition=gpu", at: 1),
                              O.change("task.command", .list([O.s("python3"), O.s("a.py")]), "task.command=[python3,a.py]", at: 2),
                              O.change("seed", .int(1), "seed=1", at: 3)])
        #expect(c.config.value(at: "hydra.launcher.partition") == .string("gpu"))
        #expect(c.choices["hydra/launcher"] == .some("slurm"))
        #expect(c.config.value(at: "hydra.task.command") == .list([.string("python3"), .string("a.py")]))
        #expect(c.taskConfig.child("launcher") == nil && c.taskConfig.child("task") == nil)
        #expect(c.config.value(at: "hydra.job.override_dirname") == .string("seed=1"))
        #expect(c.config.value(at: "hydra.overrides.task") == .list([.string("seed=1")]))
    }

    @Test func topLevelResumeIsModelResume() throws {
        let c = try composed([O.change("resume", O.s("/ckpt/last.ckpt"), "resume=/ckpt/last.ckpt")])
        #expect(try c.taskConfig.resolved(with: resolvers).value(at: "model.resume") == .string("/ckpt/last.ckpt"))
        let both = try composed([O.change("resume", .bool(true), "resume=true"),
                                 O.change("model.resume", .bool(false), "model.resume=false", at: 1)])
        #expect(try both.taskConfig.resolved(with: resolvers).value(at: "model.resume") == .bool(false))
    }

    @Test func composeIsCachedAndRepeatable() throws {
        let a = try composed([O.change("seed", .int(1), "seed=1")])
        let b = try composed([O.change("seed", .int(1), "seed=1")])
        #expect(a.config == b.config)
        #expect(try composed().config.value(at: "seed") == .int(42))
    }
}

@Suite("Group choices from the command line")
struct GroupChoiceTests {
    let composer: Composer
    init() throws { composer = Composer(searchPath: try ConfigSearchPath(primary: Paths.shippedConfigs)) }

    func compose(_ lines: [String]) throws -> Composition {
        try composer.compose(overrides: try OverrideParser.parse(lines))
    }

    @Test func hydraStyleDeleteThenAppendStillWorks() throws {
        let c = try compose(["~model/architectures", "+model=architectures/craft"])
        #expect(c.config.value(at: "model.architecture_name") == .string("craft"))
        #expect(c.config.value(at: "model.head.name") == .string("craft_head"))
        #expect(c.choices["model"] == .some("architectures/craft"))
        #expect(c.choices["model/architectures"] == nil)
    }

    @Test func forceAddChangesOrAppends() throws {
        let changed = try compose(["++optimizer=adam"])
        #expect(changed.config.value(at: "optimizer.name") == .string("adam"))
        #expect(changed.defaultsTree.mergeOrder.filter { $0.configPath.hasPrefix("optimizer/") }.count == 1)
        let appended = try compose(["~optimizer", "++optimizer=adamw"])
        #expect(appended.config.value(at: "optimizer.name") == .string("adamw"))
    }

    @Test func conflictingChoicesAreErrors() {
        #expect(message { _ = try compose(["~optimizer", "optimizer=sgd"]) }
            == "Could not apply override #2 'optimizer=sgd': it selects 'optimizer', which override #1 '~optimizer' already sets. Keep one of them.")
        #expect(message { _ = try compose(["+model=architectures/dbnetpp", "model/architectures=craft"]) }
            == "Could not apply override #2 'model/architectures=craft': it selects 'model/architectures', "
            + "which override #1 '+model=architectures/dbnetpp' already sets. Keep one of them.")
        #expect(message { _ = try compose(["model/architectures=craft", "model.architecture_name=dbnet"]) }
            == "Could not apply override #2 'model.architecture_name=dbnet': it selects config group 'model/architectures', "
            + "which override #1 'model/architectures=craft' already sets. Keep one of them.")
    }

    @Test func laterPlainChoiceWinsAsInHydra() throws {
        #expect(try compose(["optimizer=adam", "optimizer=rmsprop"]).config.value(at: "optimizer.name") == .string("rmsprop"))
    }

    @Test func appendingAGroupAlreadyThere() {
        #expect(message { _ = try compose(["exp_name=x", "+optimizer=adam"]) }
            == "Could not apply override #2 '+optimizer=adam': 'optimizer' is already in the defaults list. Use optimizer=OPTION to change its option.")
    }

    @Test func deleteWithOptionMustMatch() throws {
        let c = try compose(["~scheduler=polynomial"])
        #expect(c.config.value(at: "scheduler") == nil)
        #expect(message { _ = try compose(["~scheduler=cosine"]) }
            == "Could not delete 'scheduler' (override #1 '~scheduler=cosine'): its option is 'polynomial', not 'cosine'. "
            + "Use ~scheduler to delete whatever is chosen.")
    }
}

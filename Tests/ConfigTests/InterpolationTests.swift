import Foundation
import Testing
@testable import Config

@Suite("Interpolation and resolvers")
struct InterpolationTests {
    let resolvers = Resolvers.standard(now: Date(timeIntervalSince1970: 1_763_712_000),
                                       environment: ["HOME": "/home/u", "NUM": "42", "LIST": "[1, 2]"])

    func resolve(_ yaml: String, keepMissing: Bool = false) throws -> ConfigValue {
        try ConfigValue(yaml: yaml).resolved(with: resolvers, keepMissing: keepMissing)
    }

    @Test func nodeReferencesKeepTypes() throws {
        let v = try resolve("a: {b: 1, f: 0.5, t: true, n: null, d: {x: 1}}\nc: ${a.b}\ng: ${a.f}\nh: ${a.t}\nn: ${a.n}\nd: ${a.d}")
        #expect(v.value(at: "c") == .int(1))
        #expect(v.value(at: "g") == .double(0.5))
        #expect(v.value(at: "h") == .bool(true))
        #expect(v.value(at: "n") == .null)
        #expect(v.value(at: "d") == .dict(["x": .int(1)]))
    }

    @Test func stringInterpolationUsesPythonStr() throws {
        let v = try resolve("a: 1\ns: hello\nf: 1.0e-05\nt: true\nn: null\nx: x_${a}_${s}_${f}_${t}_${n}")
        #expect(v.value(at: "x") == .string("x_1_hello_1e-05_True_None"))
    }

    @Test func relativeReferences() throws {
        let v = try resolve("x: root\nsub:\n  w: sib\n  a: ${.w}\n  b: ${..x}\n  deeper:\n    c: ${..w}\n    d: ${...x}\n")
        #expect(v.value(at: "sub.a") == .string("sib"))
        #expect(v.value(at: "sub.b") == .string("root"))
        #expect(v.value(at: "sub.deeper.c") == .string("sib"))
        #expect(v.value(at: "sub.deeper.d") == .string("root"))
    }

    @Test func listIndexAndChains() throws {
        let v = try resolve("l: [10, 20]\na: ${l[1]}\nb: ${l.0}\nc: ${a}\n")
        #expect(v.value(at: "a") == .int(20))
        #expect(v.value(at: "b") == .int(10))
        #expect(v.value(at: "c") == .int(20))
    }

    @Test func environmentResolver() throws {
        let v = try resolve("""
        home: ${oc.env:HOME}
        num: ${oc.env:NUM}
        decoded: ${oc.decode:${oc.env:NUM}}
        list: ${oc.decode:${oc.env:LIST}}
        fallback: ${oc.env:NOPE,fallback}
        numeric_default: ${oc.env:NOPE,5}
        none: ${oc.env:NOPE,null}
        quoted: ${oc.env:NOPE,'a,b'}
        """)
        #expect(v.value(at: "home") == .string("/home/u"))
        #expect(v.value(at: "num") == .string("42"))
        #expect(v.value(at: "decoded") == .int(42))
        #expect(v.value(at: "list") == .list([.int(1), .int(2)]))
        #expect(v.value(at: "fallback") == .string("fallback"))
        #expect(v.value(at: "numeric_default") == .string("5"))
        #expect(v.value(at: "none") == .null)
        #expect(v.value(at: "quoted") == .string("a,b"))
        #expect(message { _ = try resolve("x: ${oc.env:NOPE}") }
            == "Environment variable 'NOPE' not found (at 'x'). Set it, or give a default: ${oc.env:NOPE,DEFAULT}.")
    }

    @Test func nowFormatsWithStrftime() throws {
        let v = try resolve("d: ${now:%Y-%m-%d}\nrun: out/${now:%Y}")
        #expect(v.value(at: "d")?.stringValue?.count == 10)
        #expect(v.value(at: "run")?.stringValue?.hasPrefix("out/20") == true)
    }

    @Test func escapedInterpolationStaysLiteral() throws {
        let v = try resolve(#"a: 1\#nb: \${a}\#nc: x\${a}y${a}"#)
        #expect(v.value(at: "b") == .string("${a}"))
        #expect(v.value(at: "c") == .string("x${a}y1"))
    }

    @Test func cyclesNameTheChain() {
        #expect(message { _ = try resolve("a: ${b}\nb: ${c}\nc: ${a}") }
            == "Interpolation cycle at 'a': a -> b -> c -> a. Set one of these keys to a plain value.")
        #expect(message { _ = try resolve("a: ${a}") }
            == "Interpolation cycle at 'a': a -> a. Set one of these keys to a plain value.")
    }

    @Test func missingValues() throws {
        // --resolve keeps ??? and an interpolation to it prints ???.
        let kept = try resolve("must: ???\nref: ${must}\ns: x_${must}", keepMissing: true)
        #expect(kept.value(at: "must") == .missing)
        #expect(kept.value(at: "ref") == .missing)
        #expect(kept.value(at: "s") == .missing)
        #expect(message { _ = try resolve("must: ???\nref: ${must}") }
            == "Could not resolve '${must}' at 'ref': 'must' is ??? (missing). Set it with must=VALUE.")
        let tree = try ConfigValue(yaml: "a:\n  must: ???\nb: 1")
        #expect(message { _ = try tree.resolvedValue(at: ["a", "must"], with: resolvers) }
            == "Missing mandatory value: a.must. Set it with a.must=VALUE.")
        #expect(try tree.resolvedValue(at: ["b"], with: resolvers) == .int(1))
    }

    @Test func badReferencesAndResolvers() {
        #expect(message { _ = try resolve("a: ${does.not.exist}") }
            == "Could not resolve '${does.not.exist}' at 'a': key 'does.not.exist' not found.")
        #expect(message { _ = try resolve("a: ${nope:1}") }
            == "Unknown resolver 'nope' in '${nope:1}' at 'a'. Known resolvers: hydra, now, oc.decode, oc.env.")
        #expect(message { _ = try resolve("a: ${b") }
            == "Invalid interpolation at 'a': missing '}' after '${b' in '${b'.")
    }

    @Test func callerResolversAreUsed() throws {
        var custom = resolvers
        custom.register("times") { args, _ in
            guard case .int(let a) = args[0], case .int(let b) = args[1] else { return .null }
            return .int(a * b)
        }
        #expect(try ConfigValue(yaml: "x: ${times:6,7}").resolved(with: custom).value(at: "x") == .int(42))
    }

    @Test func hydraRuntimeValues() throws {
        let composer = Composer(searchPath: try ConfigSearchPath(primary: Paths.shippedConfigs))
        let overrides = [O.change("exp_name", O.s("arch"), "exp_name=arch"),
                         O.change("data.batch_size", .int(16), "data.batch_size=16", at: 1)]
        let c = try composer.compose(overrides: overrides,
                                     runtime: RuntimeContext(mode: .multirun, jobNumber: 3, jobID: "3", outputDir: "/tmp/x"))
        let r = try c.config.resolved(with: resolvers)
        #expect(r.value(at: "hydra.sweep.dir") == .string("outputs/arch"))
        #expect(r.value(at: "hydra.sweep.subdir") == .string("3_data.batch_size=16,exp_name=arch"))
        #expect(r.value(at: "hydra.job.override_dirname") == .string("data.batch_size=16,exp_name=arch"))
        #expect(r.value(at: "hydra.mode") == .string("MULTIRUN"))
        #expect(r.value(at: "hydra.runtime.output_dir") == .string("/tmp/x"))
        #expect(r.value(at: "hydra.overrides.task") == .list([.string("exp_name=arch"), .string("data.batch_size=16")]))
        let viaResolver = try ConfigValue(yaml: "hydra: {job: {num: 3}}\nn: ${hydra:job.num}\nm: ${hydra.job.num}").resolved(with: resolvers)
        #expect(viaResolver.value(at: "n") == .int(3))
        #expect(viaResolver.value(at: "m") == .int(3))
    }

    @Test func overrideDirnameExcludesAndSeparators() throws {
        let composer = Composer(searchPath: try ConfigSearchPath(primary: Paths.shippedConfigs))
        let c = try composer.compose(overrides: [
            O.change("seed", .int(1), "seed=1"),
            O.change("hydra.job.config.override_dirname.exclude_keys", .list([O.s("seed")]),
                     "hydra.job.config.override_dirname.exclude_keys=[seed]", at: 1),
            O.change("hydra.job.config.override_dirname.kv_sep", O.s(":"), "hydra.job.config.override_dirname.kv_sep=:", at: 2),
            O.group("model/architectures", "craft", "model/architectures=craft", at: 3),
        ])
        #expect(c.config.value(at: "hydra.job.override_dirname") == .string("model/architectures:craft"))
        #expect(c.config.value(at: "hydra.overrides.hydra")?.listValue?.count == 2)
    }
}

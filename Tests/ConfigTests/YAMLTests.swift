import Foundation
import Testing
@testable import Config

@Suite("YAML <-> ConfigValue")
struct YAMLTests {
    @Test func typesAndOrderAreKept() throws {
        let yaml = """
        z: 1
        a: 1.5
        big: 1.0e-05
        e: 1e-3
        inf: .inf
        ninf: -.inf
        nan: .nan
        t: true
        y: yes
        n: null
        tilde: ~
        s: hello
        q: '42'
        date: 2024-01-01
        m: ???
        l: [1, two, 3.0]
        d: {b: 2, a: 1}
        """
        let v = try ConfigValue(yaml: yaml)
        let d = try #require(v.dictValue)
        #expect(Array(d.keys) == ["z", "a", "big", "e", "inf", "ninf", "nan", "t", "y", "n", "tilde", "s", "q", "date", "m", "l", "d"])
        #expect(d["z"] == .int(1))
        #expect(d["a"] == .double(1.5))
        #expect(d["big"] == .double(1e-5))
        #expect(d["e"] == .double(0.001))
        #expect(d["inf"] == .double(.infinity))
        #expect(d["ninf"] == .double(-.infinity))
        #expect(d["nan"]?.kindName == "float")
        #expect(d["t"] == .bool(true))
        #expect(d["y"] == .bool(true))
        #expect(d["n"] == .null)
        #expect(d["tilde"] == .null)
        #expect(d["s"] == .string("hello"))
        #expect(d["q"] == .string("42"))
        #expect(d["date"] == .string("2024-01-01"))
        #expect(d["m"] == .missing)
        #expect(d["l"] == .list([.int(1), .string("two"), .double(3.0)]))
        #expect(d["d"]?.dictValue.map { Array($0.keys) } == ["b", "a"])
    }

    @Test func emitsLikeOmegaConfToYaml() throws {
        let v = try ConfigValue(yaml: """
        name: demo
        n: 3
        f: 0.001
        tiny: 1.0e-05
        huge: 1.0e+20
        whole: 2.0
        inf: .inf
        flag: false
        none: null
        must: ???
        quoted_int: '7'
        quoted_bool: 'yes'
        empty: ''
        colon: 'a: b'
        interp: ${a.b}
        list: [1, [2, 3], {k: v}]
        empty_list: []
        empty_dict: {}
        nested:
          deeper:
            x: 1
        """)
        #expect(v.yamlString() == """
        name: demo
        n: 3
        f: 0.001
        tiny: 1.0e-05
        huge: 1.0e+20
        whole: 2.0
        inf: .inf
        flag: false
        none: null
        must: ???
        quoted_int: '7'
        quoted_bool: 'yes'
        empty: ''
        colon: 'a: b'
        interp: ${a.b}
        list:
        - 1
        - - 2
          - 3
        - k: v
        empty_list: []
        empty_dict: {}
        nested:
          deeper:
            x: 1

        """)
    }

    @Test func roundTripKeepsTheTree() throws {
        let text = try String(contentsOfFile: Paths.shippedConfigs + "/data/icdar2015.yaml", encoding: .utf8)
        let v = try ConfigValue(yaml: text)
        #expect(try ConfigValue(yaml: v.yamlString()) == v)
    }

    @Test(arguments: [
        (1e-5, "1e-05"), (0.0001, "0.0001"), (1e16, "1e+16"), (1e15, "1000000000000000.0"),
        (0.1 + 0.2, "0.30000000000000004"), (-2.5, "-2.5"), (123456.789, "123456.789"), (0.7000000000000001, "0.7000000000000001"),
    ])
    func pythonFloatRepr(value: Double, expected: String) {
        #expect(PythonNumbers.repr(value) == expected)
    }

    @Test func jsonKeepsOrderAndTypes() throws {
        let v = try ConfigValue(yaml: "b: 1\na: [true, null, 0.5, 'x\"y']\nm: ???\n")
        #expect(v.jsonString(indent: 0) == #"{"b": 1, "a": [true, null, 0.5, "x\"y"], "m": "???"}"#)
    }

    @Test func syntaxErrorNamesFileAndLine() {
        let text = message { _ = try ConfigValue(yaml: "a: 1\nb: [1, 2\nc: 3\n", file: "configs/bad.yaml") }
        #expect(text?.hasPrefix("Could not load configs/bad.yaml:") == true)
        #expect(text?.hasSuffix("; fix the YAML syntax there") == true)
    }

    @Test func duplicateKeyIsAnError() {
        #expect(message { _ = try ConfigValue(yaml: "a: 1\na: 2\n", file: "x.yaml") }
            == "Could not load x.yaml:1: duplicate key 'a'; keep only one of them")
    }

    @Test func dottedPathHelpers() throws {
        var v = try ConfigValue(yaml: "a: {b: {c: 1}, l: [10, 20]}")
        #expect(v.value(at: "a.b.c") == .int(1))
        #expect(v.value(at: "a.l.1") == .int(20))
        #expect(v.value(at: "a.x") == nil)
        v.set(.int(2), at: ConfigPath(dotted: "a.b.c"))
        v.set(.string("new"), at: ConfigPath(dotted: "a.n.m"))
        #expect(v.value(at: "a.b.c") == .int(2))
        #expect(v.value(at: "a.n.m") == .string("new"))
        let removed = v.remove(at: ConfigPath(dotted: "a.l.0"))
        #expect(removed == .int(10))
        #expect(v.value(at: "a.l") == .list([.int(20)]))
        let created = v.set(.int(1), at: ConfigPath(dotted: "zz.y"), createMissing: false)
        #expect(!created)
    }

    @Test func mergeFollowsOmegaConf() throws {
        var base = try ConfigValue(yaml: "a: {x: 1, y: [1, 2]}\nb: 5\nc: 1")
        base.merge(try ConfigValue(yaml: "a: {y: [3], z: 2}\nb: ???\nd: 4"))
        #expect(base == (try ConfigValue(yaml: "a: {x: 1, y: [3], z: 2}\nb: 5\nc: 1\nd: 4")))
    }
}

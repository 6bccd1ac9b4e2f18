import Foundation
import Testing
@testable import Sweep

@Suite struct RunDirectoryNameTests {
    @Test func groupOverridesDoNotNest() {
        #expect(RunDirectoryName.flattened("exp_name=grp,model/architectures=dbnet")
            == "exp_name=grp,model.architectures=dbnet")
    }

    @Test func shortNamesAreKept() {
        let name = String(repeating: "a", count: 255)
        #expect(RunDirectoryName.capped(name) == name)
    }

    @Test func longNamesAreCappedWithAStableDistinctHash() {
        let first = "0_" + String(repeating: "x=1,", count: 100)
        let second = "0_" + String(repeating: "x=1,", count: 99) + "y=2,"
        let cappedFirst = RunDirectoryName.capped(first)
        #expect(cappedFirst.utf8.count <= 255)
        #expect(cappedFirst == RunDirectoryName.capped(first))
        #expect(cappedFirst != RunDirectoryName.capped(second))
        #expect(cappedFirst.hasPrefix("0_x=1,x=1,"))
        #expect(cappedFirst.range(of: "~[0-9a-f]{16}$", options: .regularExpression) != nil)
    }

    @Test func cappingNeverSplitsACharacter() {
        let name = String(repeating: "é", count: 200)  // 400 bytes
        let capped = RunDirectoryName.capped(name)
        #expect(capped.utf8.count <= 255)
        #expect(capped.hasPrefix("ééé"))
        #expect(String(decoding: Array(capped.utf8), as: UTF8.self) == capped)
    }

    @Test func fnvHashMatchesTheReferenceVector() {
        // FNV-1a 64 of "a" is af63dc4c8601ec8c (the published test vector).
        #expect(RunDirectoryName.hexHash(Array("a".utf8)) == "af63dc4c8601ec8c")
    }
}

@Suite struct OutputsRootTests {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("ablate-root-\(UUID().uuidString)")

    @Test func pathsBelowTheRootAreInside() throws {
        let root = OutputsRoot(url: base.appendingPathComponent("outputs"))
        #expect(root.contains(base.appendingPathComponent("outputs/exp/0_a=1")))
        #expect(root.contains(base.appendingPathComponent("outputs")))
    }

    @Test func dotDotEscapesAreOutside() {
        let root = OutputsRoot(url: base.appendingPathComponent("outputs"))
        #expect(!root.contains(base.appendingPathComponent("outputs/../../etc")))
        #expect(!root.contains(base.appendingPathComponent("outputs-other/x")))
        #expect(!root.contains(URL(fileURLWithPath: "/etc")))
    }

    @Test func symlinksOutOfTheRootAreOutside() throws {
        let outputs = base.appendingPathComponent("outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createSymbolicLink(atPath: outputs.appendingPathComponent("link").path,
                                                   withDestinationPath: "/tmp")
        let root = OutputsRoot(url: outputs)
        #expect(!root.contains(outputs.appendingPathComponent("link/x")))
    }
}

import Testing
@testable import Report

/// Which varying parameters a report names runs by: those the runs' command lines set.
@Suite("Report parameters")
struct ReportParameterTests {
    static let parameters = ["model.architecture_name", "model.head.name", "model.head.k", "model.encoder.width",
                             "optimizer.lr", "seed", "data.batch_size"]

    @Test("keys an override names, and keys under a group an override chooses", arguments: [
        (["model.architecture_name=dbnet"], ["model.architecture_name"]),
        (["+experiment=demo_arch", "model.architecture_name=craft", "seed=2"], ["model.architecture_name", "seed"]),
        (["++optimizer.lr=0.1", "~data.batch_size"], ["optimizer.lr", "data.batch_size"]),
        (["model/encoder=resnet50"], ["model.encoder.width"]),
        (["model/head=db", "optimizer.lr=0.01"], ["model.head.name", "model.head.k", "optimizer.lr"]),
        (["model.head=x"], []),
        ([], []),
    ] as [([String], [String])])
    func overridden(overrides: [String], expected: [String]) {
        #expect(ReportData.overriddenKeys(Self.parameters, overrides: overrides) == expected)
    }
}

import ArgumentParser
import Foundation
import Vision

/// `eval_det`: scores ICDAR-2015 prediction files against ground truth (ICDAR-2015 IoU protocol).
struct EvalDet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval_det",
        abstract: "Score res_<name>.txt detections against gt_<name>.txt ground truth (ICDAR-2015 IoU protocol).")

    @Option(name: .long, help: "Folder of gt_<name>.txt files (x1,y1,...,x4,y4,transcription; ### = don't care).")
    var gt: String

    @Option(name: .long, help: "Folder of res_<name>.txt files (x1,y1,...,x4,y4[,score]; polygons may list more points).")
    var pred: String

    @Flag(name: .long, help: "Print {\"precision\":..,\"recall\":..,\"hmean\":..}.")
    var json = false

    @Option(name: .long, help: "IoU a match must exceed.")
    var iou = 0.5

    func run() throws {
        let score: DetectionScore
        do {
            score = try DetectionEvaluator(iou: iou).score(groundTruthDirectory: URL(fileURLWithPath: gt),
                                                           predictionDirectory: URL(fileURLWithPath: pred))
        } catch let error as VisionError {
            FileHandle.standardError.write(Data("eval_det: \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let text = String(decoding: try encoder.encode(["precision": score.precision, "recall": score.recall,
                                                            "hmean": score.hmean]), as: UTF8.self)
            print(text)
        } else {
            print(String(format: "precision %.4f  recall %.4f  hmean %.4f", score.precision, score.recall, score.hmean))
        }
    }
}

// Usage errors exit 2 (the project's contract), not ArgumentParser's 64.
do {
    var command = try EvalDet.parseAsRoot()
    try command.run()
} catch {
    if EvalDet.exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((EvalDet.fullMessage(for: error) + "\n").utf8))
        exit(2)
    }
    EvalDet.exit(withError: error)
}

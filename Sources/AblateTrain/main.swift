import Foundation
import Launch

// `train`: parse the command line, compose, then introspect or run. Logic lives in Config
// (composition, introspection) and in RunCommand.swift (running jobs).
Console.prepare()
exit(TrainCommand.runMain(Array(CommandLine.arguments.dropFirst())))

import Foundation

// `train`: parse the command line, compose, then introspect or run. Logic lives in Config
// (composition, introspection) and in RunCommand.swift (running jobs).
exit(TrainCommand.runMain(Array(CommandLine.arguments.dropFirst())))

/// The text `train --help` prints: what the app is, config groups and their options
/// (as Hydra's generated help), the composed config, then the flags.
public enum HelpText {
    public static func help(appName: String, composer: Composer, configName: String, config: ConfigValue?,
                            flags: String) -> String {
        var lines = ["\(appName): compose a training config from configs/ and run it, or sweep it with -m.", "",
                     "Usage: \(appName) [KEY=VALUE | GROUP=OPTION ...] [-m] [--cfg job|hydra|all [--resolve] [--json]] [--info]",
                     "",
                     "== Configuration groups ==",
                     "Compose your configuration from those groups (group=option)",
                     ""]
        for group in composer.groups() {
            lines.append("\(group): \(composer.options(in: group).joined(separator: ", "))")
        }
        lines += ["", "== Config ==", "Override anything in the config (foo.bar=value)", ""]
        if let config {
            lines.append(config.yamlString())
        } else {
            lines.append("(the config '\(configName)' does not compose; see the error with --cfg job)")
            lines.append("")
        }
        lines += ["== Flags ==", flags]
        return lines.joined(separator: "\n")
    }
}

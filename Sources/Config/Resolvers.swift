import Foundation

/// What a resolver sees besides its arguments.
public struct ResolverContext: Sendable {
    /// The whole config being resolved (unresolved), for resolvers such as `hydra:`.
    public let root: ConfigValue
    /// The dotted key whose value is being resolved, for messages.
    public let key: String
}

/// The resolvers interpolations may call (`${name:args}`). Passed to resolution
/// explicitly: there is no global registry. Start from `standard()` and add your own.
public struct Resolvers: Sendable {
    public typealias Function = @Sendable (_ args: [ConfigValue], _ context: ResolverContext) throws -> ConfigValue

    public private(set) var functions: [String: Function]

    public init(_ functions: [String: Function] = [:]) { self.functions = functions }

    /// Adds or replaces a resolver.
    public mutating func register(_ name: String, _ function: @escaping Function) { functions[name] = function }

    /// `oc.env`, `oc.decode`, `now` (fixed at `now`, so one composition sees one time) and `hydra`.
    public static func standard(now: Date = Date(),
                                environment: [String: String] = ProcessInfo.processInfo.environment) -> Resolvers {
        var r = Resolvers()
        r.register("oc.env") { args, context in
            guard let name = args.first?.stringValue, args.count <= 2 else {
                throw ConfigError.interpolation("oc.env at '\(context.key)' takes a variable name and an optional default: ${oc.env:VAR,default}.")
            }
            if let value = environment[name] { return .string(value) }
            if args.count == 2 {
                // The default is a string unless it is null, as in OmegaConf.
                return args[1].isNull ? .null : .string(Interpolation.pythonString(args[1]))
            }
            throw ConfigError.interpolation("Environment variable '\(name)' not found (at '\(context.key)'). "
                + "Set it, or give a default: ${oc.env:\(name),DEFAULT}.")
        }
        r.register("oc.decode") { args, context in
            guard args.count == 1 else {
                throw ConfigError.interpolation("oc.decode at '\(context.key)' takes one argument.")
            }
            guard case .string(let s) = args[0] else { return args[0] }
            return try Interpolation.decode(s, key: context.key)
        }
        let nowDate = now
        r.register("now") { args, context in
            guard args.count == 1, let format = args[0].stringValue else {
                throw ConfigError.interpolation("now at '\(context.key)' takes one strftime format, e.g. ${now:%Y-%m-%d}.")
            }
            return .string(strftimeString(format, nowDate))
        }
        r.register("hydra") { args, context in
            guard args.count == 1, let key = args[0].stringValue else {
                throw ConfigError.interpolation("hydra at '\(context.key)' takes one key, e.g. ${hydra:job.num}.")
            }
            guard let value = context.root.value(at: ["hydra"] + ConfigPath(dotted: key)) else {
                throw ConfigError.interpolation("Could not resolve '${hydra:\(key)}' at '\(context.key)': 'hydra.\(key)' not found.")
            }
            return value
        }
        return r
    }
}

private func strftimeString(_ format: String, _ date: Date) -> String {
    var t = time_t(date.timeIntervalSince1970)
    var parts = tm()
    localtime_r(&t, &parts)
    var buffer = [Int8](repeating: 0, count: 512)
    let n = strftime(&buffer, buffer.count, format, &parts)
    return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

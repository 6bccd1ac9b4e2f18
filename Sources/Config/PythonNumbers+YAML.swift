extension PythonNumbers {
    /// A float as PyYAML writes it (what `OmegaConf.to_yaml` shows): `.inf`, `-.inf`, `.nan`,
    /// and Python's `repr` otherwise, with `.0` added before an exponent (`1.0e-05`).
    static func yaml(_ x: Double) -> String {
        if x.isNaN { return ".nan" }
        if x.isInfinite { return x < 0 ? "-.inf" : ".inf" }
        var r = repr(x)
        if !r.contains("."), let e = r.firstIndex(of: "e") { r.insert(contentsOf: ".0", at: e) }
        return r
    }
}

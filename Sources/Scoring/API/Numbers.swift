/// The one formatting path for every number shown anywhere: pages, CSV downloads and `kaohe score`
/// tables. Rounding is half away from zero on the decimal digits shown, and ranks compare the same
/// rounded values (`Numbers.rounded(_:digits:)`), so that a unit shown at 99.12 is never ranked above
/// one shown at 99.13.
public enum Numbers {
    /// `x` rounded to `digits` decimals, half away from zero (87.125 → 87.13).
    public static func rounded(_ x: Double, digits: Int) -> Double {
        guard x.isFinite else { return x }
        let scale = power(digits)
        let n = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        return (x < 0 ? -n : n) / scale
    }

    /// A score as shown and as ranked: rounded to 2 decimals.
    public static func roundedScore(_ x: Double) -> Double { rounded(x, digits: 2) }

    /// `x` with exactly `digits` decimals, half away from zero; never `-0.00`.
    public static func fixed(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return "—" }
        let scale = power(digits)
        let n = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        let neg = x < 0 && n > 0
        let whole = (n / scale).rounded(.towardZero)
        let frac = Int(n - whole * scale)
        var f = String(frac)
        while f.count < digits { f = "0" + f }
        let w = whole < 1e15 ? String(Int(whole)) : String(whole)
        return (neg ? "-" : "") + w + (digits > 0 ? "." + f : "")
    }

    /// A score with 2 decimals: `87.50`.
    public static func score(_ x: Double) -> String { fixed(x, digits: 2) }

    /// A percentage with 1 decimal from a fraction: 0.875 → `87.5%`.
    public static func percent(_ fraction: Double) -> String { fixed(fraction * 100, digits: 1) + "%" }

    /// A plain amount with at most `digits` decimals and no trailing zeros: `6`, `7.5`, `4.43`.
    public static func decimal(_ x: Double, digits: Int = 2) -> String {
        var s = fixed(x, digits: digits)
        guard s.contains(".") else { return s }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    private static func power(_ digits: Int) -> Double {
        var scale = 1.0
        for _ in 0..<max(0, digits) { scale *= 10 }
        return scale
    }
}

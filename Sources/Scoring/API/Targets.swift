import Foundation
import Indicators

/// Progress of every target of the set as of a month (docs/scoring.md, "Progress toward targets").
///
/// Observations after `asOf` are ignored (nil: all count). Time is in years with months as twelfths
/// (`ObservationPeriod.time`: a year's figure stands at its end). The deadline of a target is the end
/// of its year (2025 → 2026.0). A target's own base (year, value) stands at the end of that year.
public func targetProgress(targets: TargetSet, observations: [TargetObservation], asOf: YearMonth? = nil)
    -> [TargetProgress]
{
    let limit = asOf.flatMap { ObservationPeriod(year: $0.year, month: $0.month) }?.time ?? .infinity
    var byTarget: [String: [ObservationPeriod: TargetObservation]] = [:]
    for o in observations where o.period.time <= limit + 1e-9 {
        byTarget[o.target, default: [:]][o.period] = o  // a later duplicate replaces an earlier one
    }
    return targets.targets.map { t in
        let obs = (byTarget[t.id] ?? [:]).values.sorted { $0.period.time < $1.period.time }
        return progress(of: t, observations: obs)
    }
}

/// Progress of one target given its observations, oldest first.
func progress(of t: Target, observations obs: [TargetObservation]) -> TargetProgress {
    guard let latest = obs.last else {
        return TargetProgress(target: t, latest: nil, base: nil, ratio: nil, status: .unknown, observations: obs)
    }
    var base: (time: Double, value: Double)?
    if let b = t.base {
        base = (b.year == b.year.rounded() ? b.year + 1 : b.year, b.value)
    } else if obs.count >= 2 {
        base = (obs[0].period.time, obs[0].value)
    }
    if t.comparator.isMet(latest.value, t.value) {
        return TargetProgress(
            target: t, latest: latest, base: base ?? (obs[0].period.time, obs[0].value),
            ratio: nil, status: .achieved, observations: obs)
    }
    guard let b = base, latest.period.time > b.time + 1e-9 else {
        return TargetProgress(target: t, latest: latest, base: base, ratio: nil, status: .unknown, observations: obs)
    }
    let deadline = Double(t.year) + 1
    let ratio = progressRatio(
        method: t.method, base: b, latest: (latest.period.time, latest.value),
        target: t.value, deadline: deadline,
        lowerIsBetter: t.comparator == .eq ? t.value < b.value : t.lowerIsBetter)
    let status: TargetStatus
    switch ratio {
    case nil: status = .unknown
    case let r? where r >= 0.95: status = .onTrack
    case let r? where r >= 0.60: status = .needsAcceleration
    case let r? where r >= 0: status = .limited
    default: status = .deterioration
    }
    return TargetProgress(
        target: t, latest: latest, base: b, ratio: ratio.flatMap { $0.isFinite ? $0 : nil },
        status: status, observations: obs)
}

/// R = observed rate / required rate. The good direction is up, or down for a lower-is-better target
/// (a rank). When the base already meets the target value (no change required), R is +∞ for a move in
/// the good direction or none, −∞ for a move in the bad direction.
func progressRatio(
    method: TrendMethod, base: (time: Double, value: Double), latest: (time: Double, value: Double),
    target: Double, deadline: Double, lowerIsBetter: Bool
) -> Double? {
    let sign = lowerIsBetter ? -1.0 : 1.0
    let elapsed = latest.time - base.time
    let span = deadline - base.time
    guard elapsed > 0 else { return nil }
    let observed: Double
    let required: Double
    if method == .cagr, base.value > 0, latest.value > 0, target > 0 {
        observed = pow(latest.value / base.value, 1 / elapsed) - 1
        required = span > 0 ? pow(target / base.value, 1 / span) - 1 : (target - base.value)
    } else {
        observed = (latest.value - base.value) / elapsed
        required = span > 0 ? (target - base.value) / span : (target - base.value)
    }
    if required * sign <= 0 {
        return observed * sign < 0 ? -.infinity : .infinity
    }
    return observed / required
}

extension TargetProgress {
    /// The base's period as written in data: `2020` for a year's figure (time 2021.0), `2021-06` for a month.
    public var basePeriod: String? {
        guard let b = base else { return nil }
        let months = Int((b.time * 12).rounded())
        let y = (months - 1) / 12
        let m = (months - 1) % 12 + 1
        return m == 12 ? String(y) : "\(y)-\(m < 10 ? "0" : "")\(m)"
    }
}

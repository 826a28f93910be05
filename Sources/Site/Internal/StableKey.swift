import Charts

/// A value whose content can be fed, field by field, into a `StableHash`: the input key of a page
/// or chart (same across runs and machines, unlike Swift's randomly seeded `Hasher`). Every stored
/// field that can change the output must be fed, in a fixed order.
protocol StableKeyed {
    func feed(into h: inout StableHash)
}

extension String: StableKeyed { func feed(into h: inout StableHash) { h.add(self) } }
extension Int: StableKeyed { func feed(into h: inout StableHash) { h.add(self) } }
extension Bool: StableKeyed { func feed(into h: inout StableHash) { h.add(self) } }
extension Double: StableKeyed { func feed(into h: inout StableHash) { h.add(self) } }

extension Array: StableKeyed where Element: StableKeyed {
    func feed(into h: inout StableHash) {
        h.add(count: count)
        for e in self { e.feed(into: &h) }
    }
}

extension Optional: StableKeyed where Wrapped: StableKeyed {
    func feed(into h: inout StableHash) {
        switch self {
        case .none: h.add(count: 0)
        case .some(let v):
            h.add(count: 1)
            v.feed(into: &h)
        }
    }
}

extension ClosedRange: StableKeyed where Bound: StableKeyed {
    func feed(into h: inout StableHash) {
        lowerBound.feed(into: &h)
        upperBound.feed(into: &h)
    }
}

// MARK: chart inputs (every public stored field of the Charts figures the site draws)

extension RankedBarChart: StableKeyed {
    func feed(into h: inout StableHash) {
        title.feed(into: &h)
        source.feed(into: &h)
        h.add(count: items.count)
        for i in items {
            i.label.feed(into: &h)
            i.value.feed(into: &h)
        }
        highlight.feed(into: &h)
        average.feed(into: &h)
        maxValue.feed(into: &h)
        decimals.feed(into: &h)
        valueUnit.feed(into: &h)
        sorted.feed(into: &h)
    }
}

extension HeatMap: StableKeyed {
    func feed(into h: inout StableHash) {
        title.feed(into: &h)
        source.feed(into: &h)
        rows.feed(into: &h)
        columns.feed(into: &h)
        values.feed(into: &h)
        decimals.feed(into: &h)
    }
}

extension LineChart: StableKeyed {
    func feed(into h: inout StableHash) {
        title.feed(into: &h)
        source.feed(into: &h)
        xLabels.feed(into: &h)
        h.add(count: series.count)
        for s in series {
            s.name.feed(into: &h)
            s.values.feed(into: &h)
        }
        yRange.feed(into: &h)
        decimals.feed(into: &h)
        valueUnit.feed(into: &h)
    }
}

extension TargetBullet: StableKeyed {
    func feed(into h: inout StableHash) {
        title.feed(into: &h)
        value.feed(into: &h)
        target.feed(into: &h)
        lowerIsBetter.feed(into: &h)
        status.rawValue.feed(into: &h)
        valueText.feed(into: &h)
        targetText.feed(into: &h)
        range.feed(into: &h)
    }
}

extension Sparkline: StableKeyed {
    func feed(into h: inout StableHash) {
        values.feed(into: &h)
        highlightLast.feed(into: &h)
        range.feed(into: &h)
        decimals.feed(into: &h)
        higherIsBetter.feed(into: &h)
    }
}

extension ChartSpec.Figure: StableKeyed {
    func feed(into h: inout StableHash) {
        switch self {
        case .bars(let c):
            h.add("bars")
            c.feed(into: &h)
        case .heat(let c):
            h.add("heat")
            c.feed(into: &h)
        case .line(let c):
            h.add("line")
            c.feed(into: &h)
        case .bullet(let c):
            h.add("bullet")
            c.feed(into: &h)
        case .spark(let c):
            h.add("spark")
            c.feed(into: &h)
        }
    }
}

/// The readable summary that `kaohe check` prints.
public enum CatalogSummary {
    public static func render(_ c: Catalog) -> String {
        var out = ""
        let reg = c.registry
        var kinds: [String] = []
        for k in UnitKind.allCases {
            let n = reg.units.filter { $0.kind == k }.count
            if n > 0 { kinds.append("\(k.label) \(n)") }
        }
        out += "单位名录: \(reg.units.count) 个单位（\(kinds.joined(separator: "，"))）\n"
        for r in reg.regions {
            out += "  \(r.name) [\(r.id)]: \(reg.units.filter { $0.region == r.id }.count) 个单位\n"
        }
        for s in c.schemes {
            out += "\n方案 \(s.id): \(s.title)\n"
            out += "  文号 \(s.document)；\(s.office)\n"
            let mode = s.mode == .shared ? "分解（按档分配分值）" : "个别（每单位全额）"
            let cadence = ["weekly": "每周通报", "monthly": "每月排名", "quarterly": "每季度通报"][s.notices.rawValue]!
            out += "  自 \(s.start) 起，\(mode)，\(cadence)，总分 \(formatCount(s.total))，考核单位 \(s.units.count) 个\n"
            for i in s.indicators {
                out += "  指标 \(i.code) \(i.short)  \(formatCount(i.points)) 分  规则: \(i.rule.label)\n"
                for (n, t) in i.tiers.enumerated() {
                    let names = t.units.compactMap { reg.unit(id: $0)?.name }.joined(separator: "、")
                    out += "    第\(n + 1)档 \(formatCount(t.weight))%（\(t.units.count) 个单位）: \(names)\n"
                }
                if !i.units.isEmpty {
                    out +=
                        "    责任单位 \(i.units.count) 个: \(i.units.compactMap { reg.unit(id: $0)?.name }.joined(separator: "、"))\n"
                }
            }
            for (u, from) in s.rollups.sorted(by: { $0.key < $1.key }) {
                out += "  \(reg.unit(id: u)?.name ?? u) 由方案 \(from) 汇总\n"
            }
        }
        if let t = c.targets {
            out += "\n目标 \(t.id): \(t.column)，\(t.targets.count) 项\n"
            for x in t.targets {
                out +=
                    "  \(x.group) / \(x.title): \(x.comparator.symbol) \(formatCount(x.value)) \(x.measure)（\(x.year) 年，\(x.method.rawValue)）\n"
            }
        }
        out += "\n检查通过: \(c.schemes.count) 个方案，\(reg.units.count) 个单位，\(c.targets?.targets.count ?? 0) 项目标。\n"
        return out
    }
}

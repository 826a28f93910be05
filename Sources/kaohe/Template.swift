import ArgumentParser
import Foundation
import Indicators
import Workbooks

/// `kaohe template`: one fill-in .xlsx per unit for a week of a scheme (docs/formats.md, 报送模板).
struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write the week's fill-in workbooks (.xlsx), one per unit; filled in, they import with no flag but --db.")

    @OptionGroup var target: SchemeWeekOptions

    @Option(
        help: "Only these units (id, name or alias); repeat for several. Default: every unit with something to fill in."
    )
    var unit: [String] = []

    @Option(help: "Folder to write into (created). Default: forms/SCHEME_WEEK.")
    var out: String?

    @OptionGroup var options: CatalogOptions

    func run() throws {
        let catalog = try options.loadCatalog()
        let scheme = try target.scheme(in: catalog)
        let week = target.week
        let units = try chosenUnits(in: catalog, scheme: scheme)
        let folder = URL(fileURLWithPath: out ?? "forms/\(scheme.id)_\(week)")
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw Refusal.failure("\(folder.path): 无法创建文件夹 (cannot create folder): \(error.localizedDescription)")
        }
        // Two units of the same name (in different regions) must not overwrite each other's form.
        var names = Set<String>()
        for u in units {
            let form = WeeklyTemplate(scheme: scheme, unit: u, week: week)
            let name = names.insert(form.fileName).inserted ? form.fileName : form.distinctFileName
            do {
                let url = try form.write(to: folder, as: name)
                print("\(url.path)  \(WeeklyTemplate.indicators(of: scheme, for: u.id).count) 项指标")
            } catch { throw Refusal.failure(error.description) }
        }
        print("kaohe template: \(units.count) 个模板已写入 \(folder.path) (\(units.count) template(s) written)")
    }

    /// The units asked for, or every unit with something to fill in.
    func chosenUnits(in catalog: Catalog, scheme: Scheme) throws -> [Indicators.Unit] {
        let reg = catalog.registry
        if unit.isEmpty { return WeeklyTemplate.units(of: scheme).compactMap { reg.unit(id: $0) } }
        var out: [Indicators.Unit] = []
        for text in unit {
            guard let u = reg.unit(id: text) ?? reg.resolve(text) else {
                let names = scheme.units.compactMap { reg.unit(id: $0)?.name }
                throw Refusal.failure("--unit: " + Message.unknown(.unit, text, among: names))
            }
            if WeeklyTemplate.indicators(of: scheme, for: u.id).isEmpty {
                throw Refusal.failure(
                    "--unit: 单位“\(u.name)”在方案 \(scheme.id) 中没有需要填报的指标 (unit has nothing to fill in for this scheme)")
            }
            if !out.contains(u) { out.append(u) }
        }
        return out
    }
}

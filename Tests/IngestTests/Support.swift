import Foundation
import Indicators
import Ingest
import Pipeline
import Store
import Testing

/// The project's own schemes (indicators/ at the package root).
let catalog: Catalog = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return try! CatalogLoader.load(directory: root.appendingPathComponent("indicators"))
}()

/// "Today" of every test: after the fixtures' weeks, before bad_future.csv's.
let today = Day(year: 2019, month: 1, day: 31)!
let now = Date(timeIntervalSince1970: 1_548_892_800)  // 2019-01-31T00:00:00Z

func fixture(_ name: String) throws -> URL {
    try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"), "fixture \(name)")
}

/// Reads and checks a fixture (name as messages show it: the bare file name).
func check(_ name: String, kind: DataKind? = nil, scheme: String? = "gaoxin-2018", week: ISOWeek? = nil) throws
    -> CheckedFile
{
    let data = try Data(contentsOf: try fixture(name))
    return try FileChecker(catalog: catalog).check(
        data: data, name: name,
        options: CheckOptions(kind: kind, scheme: scheme, week: week, today: today))
}

/// Imports fixtures through the shared pipeline.
func importFixtures(
    _ names: [String], into db: AppDatabase, kind: DataKind? = nil, scheme: String? = "gaoxin-2018",
    week: ISOWeek? = nil, dryRun: Bool = false
) throws -> [FileSummary] {
    let pipeline = ImportPipeline(catalog: catalog, database: db)
    return try names.map { name in
        try pipeline.importData(
            Data(contentsOf: try fixture(name)), name: name, kind: kind, scheme: scheme, week: week,
            dryRun: dryRun, today: today, now: now)
    }
}

func week(_ s: String) -> ISOWeek { ISOWeek(s)! }

func wc(_ unit: String, _ indicator: String, _ w: String, _ sub: Int, _ qual: Int, scheme: String = "gaoxin-2018")
    -> WeeklyCount
{
    WeeklyCount(scheme: scheme, unit: unit, indicator: indicator, week: week(w), submitted: sub, qualified: qual)
}

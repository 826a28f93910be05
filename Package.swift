// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kaohe",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kaohe", targets: ["kaohe"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.0.0"),
    ],
    targets: [
        // Domain types, calendar and the schemes of indicators/ (YAML).
        .target(name: "Indicators", dependencies: [.product(name: "Yams", package: "Yams")]),
        // System library for old Excel .xls files (BIFF5/BIFF8), used inside Ingest only.
        .systemLibrary(
            name: "CFreeXL", pkgConfig: "freexl",
            providers: [.apt(["libfreexl-dev"])]),
        // Readers of CSV, .xlsx and .xls files and the row checks of formats.md.
        .target(
            name: "Ingest",
            dependencies: [
                "Indicators", "CFreeXL",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        // The SQLite database (GRDB): the only module with SQL in it.
        .target(
            name: "Store",
            dependencies: [
                "Indicators",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The import path shared by `kaohe import` and `kaohe demo`: read, check, store.
        .target(name: "Pipeline", dependencies: ["Indicators", "Ingest", "Store"]),
        // The scoring model of docs/scoring.md: pure, no I/O.
        .target(name: "Scoring", dependencies: ["Indicators"]),
        // System libraries for the charts: Cairo, and Pango for text.
        .systemLibrary(
            name: "CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(
            name: "CPangoCairo", pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev"])]),
        // HarfBuzz's subsetter with the fontconfig/FreeType side of Pango: the documents' small font programs.
        .systemLibrary(
            name: "CFontSubset", pkgConfig: "harfbuzz-subset",
            providers: [.apt(["libharfbuzz-dev", "libpango1.0-dev"])]),
        // libxlsxwriter, to write .xlsx workbooks.
        .systemLibrary(
            name: "CXLSXWriter", pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]),
        // Workbooks written through libxlsxwriter (the templates, the demo's files); no C type leaves it.
        .target(name: "Workbooks", dependencies: ["CXLSXWriter", "Indicators", "Ingest"]),
        // PNG charts; no C type leaves this module.
        .target(
            name: "Charts",
            dependencies: ["CCairo", "CPangoCairo", "CFontSubset", .product(name: "Crypto", package: "swift-crypto")]),
        // The static site: page models, Mustache templates, the build into output/.
        .target(
            name: "Site",
            dependencies: [
                "Indicators", "Store", "Scoring", "Charts",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // Generated demo data: the zone's year and the synthetic province.
        .target(
            name: "Demo", dependencies: ["Charts", "Indicators", "Ingest", "Store", "Pipeline", "Site", "Workbooks"],
            resources: [.copy("Resources/xls")]),
        // `kaohe bench`: each command timed as a process of its own, next to the goals; the charts next to matplotlib.
        .target(name: "Bench", dependencies: ["Indicators", "Charts", "Demo"]),
        .executableTarget(
            name: "kaohe",
            dependencies: [
                "Indicators", "Ingest", "Store", "Pipeline", "Scoring", "Site", "Demo", "Workbooks", "Bench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators"], exclude: ["Fixtures"]),
        .testTarget(
            name: "IngestTests",
            dependencies: [
                "Ingest", "Indicators", "Store", "Pipeline",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Indicators"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Indicators"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        // End-to-end: runs the built `kaohe` executable as a user would.
        .testTarget(name: "CLITests", dependencies: ["kaohe", "Indicators"]),
        .testTarget(name: "WorkbooksTests", dependencies: ["Workbooks", "Indicators", "Ingest"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench"]),
        .testTarget(name: "SiteTests", dependencies: ["Site", "Store", "Scoring", "Indicators", "Ingest"]),
    ]
)

import Foundation
import Testing
@testable import Charts

/// Prints the benchmark figures when CHARTS_BENCH is set (no timing assertion: timing is not a test).
@Test(.enabled(if: ProcessInfo.processInfo.environment["CHARTS_BENCH"] != nil))
func printBenchmark() throws {
    let report = try ChartsBenchmark.run()
    print(report)
    #expect(report.hasPrefix("ranked bars 1200x800: "))
    #expect(report.contains("ms/PDF"))
}

import Testing
@testable import Charts

@Test func ChartsModuleLoads() { #expect(Bool(true)) }

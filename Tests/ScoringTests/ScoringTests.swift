import Testing
@testable import Scoring

@Test func ScoringModuleLoads() { #expect(Bool(true)) }

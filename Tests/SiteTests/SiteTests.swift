import Testing
@testable import Site

@Test func SiteModuleLoads() { #expect(Bool(true)) }

import Foundation
import Testing

@testable import Site

/// Builds the fixture site into $KAOHE_SITE_PREVIEW (for looking at it in a browser); skipped otherwise.
@Test(.enabled(if: ProcessInfo.processInfo.environment["KAOHE_SITE_PREVIEW"] != nil))
func previewSite() throws {
    let out = URL(fileURLWithPath: ProcessInfo.processInfo.environment["KAOHE_SITE_PREVIEW"]!)
    let report = try SiteBuilder(input: try Fixture.input(), templates: Fixture.templates).build(into: out)
    print(report)
}

import ArgumentParser
import Indicators

// The values of the options parse themselves (spaces around them ignored). They live here, so that
// Indicators does not depend on ArgumentParser.

extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument.trimmingSpaces) }
}

extension ISOWeek: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument.trimmingSpaces) }
}

extension YearMonth: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument.trimmingSpaces) }
}

extension Quarter: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument.trimmingSpaces) }
}

extension DataKind: ExpressibleByArgument {}

/// `kaohe demo --scale`.
enum DemoScale: String, CaseIterable, ExpressibleByArgument {
    /// The seeds' schemes: the zone and the city.
    case zone
    /// 16 cities, 2,000 units, 104 weeks: the benchmark's data.
    case province
}

extension ExpressibleByArgument {
    /// Parses an option's value through the type's conformance; a bad value is a usage error whose
    /// reason is `reason(value)` (bilingual).
    static func parsed(_ reason: @escaping @Sendable (String) -> String) -> @Sendable (String) throws -> Self {
        { text in
            guard let value = Self(argument: text) else { throw ValidationError(reason(text)) }
            return value
        }
    }
}

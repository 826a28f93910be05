import Foundation

extension Day {
    /// The day `now` falls on in the machine's time zone (the offices work in China Standard Time):
    /// the "today" of the import's future-week check.
    public static func today(_ now: Date = Date()) -> Day {
        let local = now.timeIntervalSince1970 + Double(TimeZone.current.secondsFromGMT(for: now))
        return Day(ordinal: Int((local / 86400).rounded(.down)))
    }
}

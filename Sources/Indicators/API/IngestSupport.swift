/// What a data file holds (formats.md): weekly submissions, deduction events or 专栏1 target observations.
public enum DataKind: String, Sendable, Codable, CaseIterable {
    case submissions, events, targets

    /// The Chinese label used in messages.
    public var label: String {
        switch self {
        case .submissions: "报送数据"
        case .events: "扣分事件"
        case .targets: "目标观测值"
        }
    }
}

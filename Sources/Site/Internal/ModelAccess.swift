/// Field access for the page models, named once per model: each model lists its fields in
/// `PageModel.fields` (Models.swift), and that one list gives both Mustache's lookup
/// (`MustacheParent.child(named:)`, instead of reflecting the model with `Mirror`, which cost 40 % of
/// a build) and the page's input key (`StableKeyed.feed(into:)`, in the list's order).
/// SiteTests checks that every name a template uses is a field, and that every stored field is listed.
import Mustache

/// A page model: a plain value whose fields the templates read by name.
protocol PageModel: MustacheParent, StableKeyed {
    static var fields: FieldList<Self> { get }
}

extension PageModel {
    func child(named name: String) -> Any? { Self.fields.value(named: name, of: self) }

    func feed(into hash: inout StableHash) {
        for field in Self.fields.all { field.feed(self, &hash) }
    }
}

/// One field of a page model: the name the templates use, how to read it, and how to hash it.
struct Field<Model>: Sendable {
    let name: String
    let value: @Sendable (Model) -> Any?
    let feed: @Sendable (Model, inout StableHash) -> Void

    init<Value: StableKeyed & SendableMetatype>(_ name: String, _ read: @escaping @Sendable (Model) -> Value) {
        self.name = name
        value = { read($0) }
        feed = { model, hash in read(model).feed(into: &hash) }
    }

    /// An optional field: absent is `nil` to Mustache (a section on it is skipped), not a boxed `.none`.
    init<Value: StableKeyed & SendableMetatype>(_ name: String, _ read: @escaping @Sendable (Model) -> Value?) {
        self.name = name
        value = { read($0) as Any? }
        feed = { model, hash in read(model).feed(into: &hash) }
    }
}

/// A model's fields in a fixed order (the order they are hashed in), indexed by name.
struct FieldList<Model>: Sendable, ExpressibleByArrayLiteral {
    let all: [Field<Model>]
    private let index: [String: Int]

    init(arrayLiteral fields: Field<Model>...) {
        all = fields
        index = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func value(named name: String, of model: Model) -> Any? {
        index[name].flatMap { all[$0].value(model) }
    }
}

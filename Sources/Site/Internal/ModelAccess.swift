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

    /// A text field: given to Mustache as a `TemplateText`.
    init(_ name: String, _ read: @escaping @Sendable (Model) -> String) {
        self.name = name
        value = { TemplateText(text: read($0)) }
        feed = { model, hash in read(model).feed(into: &hash) }
    }

    /// An optional text: a `TemplateText`, or `nil` when absent.
    init(_ name: String, _ read: @escaping @Sendable (Model) -> String?) {
        self.name = name
        value = { read($0).map(TemplateText.init) as Any? }
        feed = { model, hash in read(model).feed(into: &hash) }
    }

    /// A model inside a model: given to Mustache in a `ModelBox`.
    init<Value: PageModel & SendableMetatype>(_ name: String, _ read: @escaping @Sendable (Model) -> Value) {
        self.name = name
        value = { ModelBox(read($0)) }
        feed = { model, hash in read(model).feed(into: &hash) }
    }

    /// An optional model inside a model: a `ModelBox`, or `nil` when absent.
    init<Value: PageModel & SendableMetatype>(_ name: String, _ read: @escaping @Sendable (Model) -> Value?) {
        self.name = name
        value = { read($0).map(ModelBox.init) as Any? }
        feed = { model, hash in read(model).feed(into: &hash) }
    }

    /// A list of models (the rows of a table): each given to Mustache in a `ModelBox`.
    init<Element: PageModel & SendableMetatype>(_ name: String, _ read: @escaping @Sendable (Model) -> [Element]) {
        self.name = name
        value = { read($0).map(ModelBox.init) }
        feed = { model, hash in read(model).feed(into: &hash) }
    }
}

/// A page model as Mustache holds it on its context stack. Mustache casts each object it looks a name
/// up in to `MustacheParent`, which copies a struct out of its `Any` box (retaining every text of a
/// row or page, for each look-up); a reference is copied as one pointer. Prints (`String(reflecting:)`)
/// as its model does.
final class ModelBox<Model: PageModel>: MustacheParent, CustomDebugStringConvertible {
    let model: Model

    init(_ model: Model) { self.model = model }

    func child(named name: String) -> Any? { Model.fields.value(named: name, of: model) }

    var debugDescription: String { String(reflecting: model) }
}

/// A page's model as Mustache gets it: in a `ModelBox` when it is a `PageModel` (its type known only
/// at run time here), else as it is.
func mustacheRoot(_ model: Any) -> Any {
    guard let page = model as? any PageModel else { return model }
    func box<Page: PageModel>(_ page: Page) -> Any { ModelBox(page) }
    return box(page)
}

/// A model's fields in a fixed order (the order they are hashed in). A look-up compares the name with
/// each field's in turn: the names are short (stored inline in the `String`), so that is faster than
/// hashing the name for a dictionary, and the first field of a name answers.
struct FieldList<Model>: Sendable, ExpressibleByArrayLiteral {
    let all: [Field<Model>]

    init(arrayLiteral fields: Field<Model>...) { all = fields }

    func value(named name: String, of model: Model) -> Any? {
        for field in all where field.name == name { return field.value(model) }
        return nil
    }
}

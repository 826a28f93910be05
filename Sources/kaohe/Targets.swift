import ArgumentParser

struct Targets: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not built yet)")
    func run() throws { throw ValidationError("kaohe targets is not built yet") }
}

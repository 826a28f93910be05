import ArgumentParser

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not built yet)")
    func run() throws { throw ValidationError("kaohe score is not built yet") }
}

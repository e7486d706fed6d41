import ArgumentParser

@main
struct Gazette: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A self-hosted news API.")
}

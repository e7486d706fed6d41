import ArgumentParser
import GazetteStore

/// `gazette webhooks`: each endpoint with its delivered, pending and failed counts and its last
/// error; `gazette webhooks retry` queues the failed messages again (API.md, "Webhooks").
struct WebhooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "List webhook endpoints with delivered, pending and failed counts and the last error.",
        subcommands: [List.self, Retry.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List each endpoint with its counts and last error (the default).")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let settings = try database.settings()
            let outbox = WebhookOutbox(store: try database.openStore(settings))
            let summaries: [WebhookEndpointSummary]
            do {
                summaries = try outbox.endpointSummaries()
            } catch {
                throw CLIError("cannot read \(settings.db): \(error)")
            }
            if summaries.isEmpty { print("no webhook endpoints (configure `webhooks:` in the config file)") }
            for summary in summaries {
                print(
                    "\(summary.url)\(summary.isActive ? "" : " (no longer configured)")  delivered \(summary.delivered), "
                        + "pending \(summary.pending), failed \(summary.failed)")
                if let error = summary.lastError { print("  last error: \(error)") }
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry", abstract: "Queue the failed webhook messages again, from a fresh retry schedule.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let settings = try database.settings()
            let outbox = WebhookOutbox(store: try database.openStore(settings))
            do {
                print("queued \(try outbox.requeueFailed()) failed messages again")
            } catch {
                throw CLIError("cannot write \(settings.db): \(error)")
            }
        }
    }
}

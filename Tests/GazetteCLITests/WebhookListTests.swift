import GazetteCore
import Testing

@testable import gazette

struct WebhookListTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test func configFile_readsEndpointsWithFilters() throws {
        var settings = Settings()
        try settings.apply(
            yaml: """
                webhooks:
                  - url: https://example.com/hooks/gazette
                    secret: \(Self.secret)
                    events: [deleted]
                    category: [金融]
                  - url: http://hooks.example.org/b
                    secret: \(Self.secret)
                    tag: x
                    author: [Ann, Bo]
                """, file: "test.yaml")
        #expect(
            settings[Setting.webhooks].endpoints == [
                WebhookEndpoint(
                    url: "https://example.com/hooks/gazette", secret: Self.secret, events: [.deleted],
                    categories: ["金融"]),
                WebhookEndpoint(
                    url: "http://hooks.example.org/b", secret: Self.secret, tags: ["x"], authors: ["Ann", "Bo"]),
            ])
        #expect(settings.webhookEndpointsToSync?.count == 2)
        #expect(Settings().webhookEndpointsToSync == nil)
    }

    @Test(arguments: [
        "webhooks: [{url: https://e.com/h, secret: nope}]",
        "webhooks: [{url: ftp://e.com/h, secret: \(secret)}]",
        "webhooks: [{url: https://e.com/h, secret: \(secret), events: [created]}]",
        "webhooks: [{url: https://e.com/h, secret: \(secret), colour: red}]",
        "webhooks: https://e.com/h",
    ])
    func invalidEndpoints_areErrorsNamingTheSetting(yaml: String) {
        var settings = Settings()
        #expect(throws: SettingsError.self) { try settings.apply(yaml: yaml, file: "test.yaml") }
        do {
            try settings.apply(yaml: yaml, file: "test.yaml")
        } catch {
            #expect(error.description.contains("webhooks"))
            #expect(!error.description.contains("MfKQ9r8G"))
        }
    }

    @Test func resolvedDocument_hidesSecrets_butShowsURLs() throws {
        var settings = Settings()
        try settings.apply(
            yaml: "webhooks: [{url: https://example.com/h, secret: \(Self.secret)}]", file: "test.yaml")
        let document = SettingsDocument.yaml(for: settings, showingSources: true)
        #expect(document.contains("https://example.com/h"))
        #expect(!document.contains("MfKQ9r8G"))
    }
}

/// The app's side of webhook delivery: `/metrics` counts the worker's attempts.
extension GazetteApp {
    /// Records one webhook attempt for `/metrics` (`gazette_webhook_deliveries_total`); pass it as
    /// ``WebhookDeliverer``'s `report`.
    public func recordWebhookDelivery(endpoint: String, outcome: WebhookDeliverer.Outcome) {
        metrics.recordWebhookDelivery(endpoint: endpoint, outcome: outcome)
    }
}

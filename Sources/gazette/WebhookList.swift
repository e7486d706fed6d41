import Foundation
import GazetteCore
import Yams

/// The `webhooks:` setting: a list of mappings, one per endpoint (API.md, "Webhooks"):
/// ```yaml
/// webhooks:
///   - url: https://example.com/hooks/gazette
///     secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
///     events: [upserted, deleted]   # default: both
///     category: [金融]               # optional filters: category, tag, author (a name or a list)
/// ```
/// The one setting kind that is neither a scalar nor a list of strings.
struct WebhookList: SettingValue {
    var endpoints: [WebhookEndpoint]

    init(_ endpoints: [WebhookEndpoint] = []) { self.endpoints = endpoints }

    static var kindDescription: String {
        "a list of mappings with url, secret and optionally events, category, tag, author"
    }

    /// A sequence of mappings; YAML's null is the empty list. Unknown keys make it invalid.
    init?(node: Node) {
        switch node {
        case .scalar(let scalar) where scalar.style == .plain && ["", "~", "null"].contains(scalar.string):
            self.init()
        case .sequence(let sequence):
            var endpoints: [WebhookEndpoint] = []
            for item in sequence {
                guard case .mapping(let mapping) = item, let endpoint = Self.endpoint(from: mapping) else { return nil }
                endpoints.append(endpoint)
            }
            self.init(endpoints)
        default:
            return nil
        }
    }

    /// The same YAML as the config file takes, in flow style (no environment variable sets it;
    /// tests and `--config`-less scripts may).
    init?(text: String) {
        guard let node = try? Yams.compose(yaml: text) else { return nil }
        self.init(node: node)
    }

    private static func endpoint(from mapping: Node.Mapping) -> WebhookEndpoint? {
        var endpoint = WebhookEndpoint(url: "", secret: "")
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode, let list = strings(value) else { return nil }
            switch key.string {
            case "url":
                guard list.count == 1 else { return nil }
                endpoint.url = list[0]
            case "secret":
                guard list.count == 1 else { return nil }
                endpoint.secret = list[0]
            case "events":
                let events = list.compactMap(WebhookEndpoint.Event.init)
                guard events.count == list.count, !events.isEmpty else { return nil }
                endpoint.events = Set(events)
            case "category": endpoint.categories = list
            case "tag": endpoint.tags = list
            case "author": endpoint.authors = list
            default: return nil
            }
        }
        return endpoint
    }

    /// A scalar as a one-element list, or a list of scalars.
    private static func strings(_ node: Node) -> [String]? {
        switch node {
        case .scalar(let scalar): return [scalar.string]
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else { return nil }
                items.append(scalar.string)
            }
            return items
        default: return nil
        }
    }

    /// Whether every endpoint has an http(s) URL with a host and a secret of the Standard
    /// Webhooks form.
    var isValid: Bool {
        endpoints.allSatisfy { endpoint in
            guard let url = URL(string: endpoint.url), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty,
                endpoint.secret.hasPrefix("whsec_"), let key = endpoint.secretKey, !key.isEmpty
            else { return false }
            return true
        }
    }

    var yaml: String { rendered(hidingSecrets: false) }
    var redactedYAML: String { rendered(hidingSecrets: true) }
    var text: String { yaml }

    private func rendered(hidingSecrets: Bool) -> String {
        let items = endpoints.map { endpoint in
            var fields = [
                "url: \(endpoint.url.yaml)", "secret: \(hidingSecrets ? "\"(hidden)\"" : endpoint.secret.yaml)",
            ]
            if endpoint.events != Set(WebhookEndpoint.Event.allCases) {
                fields.append("events: \(endpoint.events.map(\.rawValue).sorted().yaml)")
            }
            if !endpoint.categories.isEmpty { fields.append("category: \(endpoint.categories.yaml)") }
            if !endpoint.tags.isEmpty { fields.append("tag: \(endpoint.tags.yaml)") }
            if !endpoint.authors.isEmpty { fields.append("author: \(endpoint.authors.yaml)") }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        return "[" + items.joined(separator: ", ") + "]"
    }
}

import GazetteCore
import HTTPServer

/// The parameters of `GET /v1/articles` and the feeds, validated (API.md, "List parameters").
///
/// Every bad value is a 400 that names its parameter; nothing is silently clamped. Unknown
/// parameters are ignored (frontends add cache busters).
struct ListParameters: Sendable {
    var query = ArticleQuery()
    /// `fields=`: the summary fields to return, `nil` for all.
    var fields: Set<String>?
    /// `q=`: full-text search.
    var search: String?

    static let maxOffset = 10_000
    static let maxLimit = 100

    static func parse(_ request: Request, dates: DateParser, defaultLimit: Int = 20) throws(APIError) -> ListParameters
    {
        var parameters = ListParameters()
        parameters.query.limit = defaultLimit
        let items: [HTTPHeader]
        do {
            items = try request.queryItems()
        } catch {
            if case .invalidQueryParameter(let name) = error.code {
                throw .badParameter(name, "the value of '\(name)' is not valid percent-encoded UTF-8")
            }
            throw APIError(.badRequest, error.detail)
        }
        var sortGiven: ArticleQuery.Sort?
        var cursorGiven = false
        var offsetGiven = false
        for item in items {
            let value = item.value
            // An empty filter is "not given": forms submit their blank fields (`?q=&category=`).
            // `sort`, `limit` and `offset` must say something when present.
            if value.isEmpty && item.name != "sort" && item.name != "limit" && item.name != "offset" { continue }
            switch item.name {
            case "category":
                guard let filter = ArticleQuery.categoryFilter(parsing: value) else {
                    if value.trimmingWhitespace().isEmpty {
                        throw .badParameter("category", "category must name a category")
                    }
                    throw .badParameter("category", "'\(value)' is not a category path")
                }
                parameters.query.categories.append(filter)
            case "tag":
                parameters.query.tags.append(value)
            case "author":
                parameters.query.authors.append(value)
            case "q":
                parameters.search = value
            case "since", "until":
                guard let instant = parseDate(value, dates: dates) else {
                    throw .badParameter(item.name, "\(item.name) must be an RFC 3339 date-time or a date YYYY-MM-DD")
                }
                if item.name == "since" { parameters.query.since = instant } else { parameters.query.until = instant }
            case "sort":
                guard let sort = ArticleQuery.Sort(rawValue: value) else {
                    throw .badParameter("sort", "sort must be one of -published_at, published_at, relevance")
                }
                sortGiven = sort
            case "limit":
                guard let limit = smallInteger(value), (1...maxLimit).contains(limit) else {
                    throw .badParameter("limit", "limit must be an integer from 1 to \(maxLimit)")
                }
                parameters.query.limit = limit
            case "offset":
                guard let offset = smallInteger(value), (0...maxOffset).contains(offset) else {
                    throw .badParameter("offset", "offset must be an integer from 0 to \(maxOffset)")
                }
                parameters.query.offset = offset
                offsetGiven = true
            case "cursor":
                guard let cursor = ArticleCursor(token: value) else {
                    throw .badParameter("cursor", "cursor is not one this server gave out (use meta.next_cursor)")
                }
                parameters.query.cursor = cursor
                cursorGiven = true
            case "fields":
                let names = value.split(separator: ",", omittingEmptySubsequences: false).map {
                    String($0).trimmingWhitespace()
                }
                for name in names where !ArticleJSON.summaryFields.contains(name) {
                    throw .badParameter(
                        "fields",
                        "unknown field '\(name)'; fields are \(ArticleJSON.summaryFields.joined(separator: ", "))")
                }
                parameters.fields = Set(names)
            default:
                continue
            }
        }
        if cursorGiven && offsetGiven {
            throw .badParameter("cursor", "give either cursor or offset, not both")
        }
        if let search = parameters.search {
            do {
                parameters.query.search = try SearchQuery(parsing: search)
            } catch {
                switch error {
                case .tooLong: throw .badParameter("q", "q is longer than \(SearchQuery.maxBytes) bytes")
                case .tooManyTerms: throw .badParameter("q", "q has more than \(SearchQuery.maxTerms) terms")
                case .nothingToFind: throw .badParameter("q", "q has no word or character to search for")
                }
            }
        }
        let sort = sortGiven ?? (parameters.search != nil ? .relevance : .newest)
        if sort == .relevance && parameters.search == nil {
            throw .badParameter("sort", "sort=relevance needs a search (q)")
        }
        parameters.query.sort = sort
        if let cursor = parameters.query.cursor, cursor.sort != sort {
            throw .badParameter("cursor", "this cursor continues another sort order")
        }
        return parameters
    }

    /// A non-negative decimal integer of at most 6 digits (no sign, no spaces: `limit=+5` is refused).
    private static func smallInteger(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 6, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return Int(text)
    }

    /// RFC 3339 date-time or `YYYY-MM-DD` (the date read in the configured zone).
    private static func parseDate(_ text: String, dates: DateParser) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes.count <= 40, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return nil
        }
        return dates.parse(text)
    }
}

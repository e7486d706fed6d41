/// The tokens of an article for the search index: its title and its body text.
public struct SearchDocument: Sendable, Equatable {
    public var title: SearchText.Grams
    public var body: SearchText.Grams

    public init(title: String, bodyText: String) {
        self.title = SearchText.grams(of: title)
        self.body = SearchText.grams(of: bodyText)
    }
}

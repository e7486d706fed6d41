/// The forms an article's body is kept in (API.md's `GET /v1/articles/{id-or-slug}/body?format=`).
public enum BodyFormat: String, Sendable, CaseIterable {
    /// The sanitised HTML (`body_html`).
    case html
    /// The plain text, for reading and search (`body_text`).
    case text
    /// The post's original body, as written (`body_raw`).
    case raw
}

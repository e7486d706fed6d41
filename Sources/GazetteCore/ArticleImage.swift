/// An image that belongs to an article's content (publisher boilerplate images excluded).
public struct ArticleImage: Sendable, Hashable, Codable {
    /// The image URL: absolute `http(s)`, relative, or a `data:image/…` URI.
    public var src: String
    /// The `alt` text, `""` when the source had none.
    public var alt: String
    /// The caption shown with the image (`figcaption`, Sina's `img_descr`), `""` when none.
    public var caption: String

    public init(src: String, alt: String = "", caption: String = "") {
        self.src = src
        self.alt = alt
        self.caption = caption
    }
}

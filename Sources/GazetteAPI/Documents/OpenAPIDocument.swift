/// The OpenAPI 3.1 description of Gazette's HTTP API, served at `GET /openapi.json`: the file
/// `Documents/openapi.json`, built into the binary by the EmbedFiles plugin.
///
/// It describes what the server sends: the contract in `API.md` plus the implementation's
/// details (media types with charset, problem+json errors, caching headers). Every GET is
/// also answered for HEAD; that and CORS preflight are described once, in `info.description`,
/// rather than per operation. `OpenAPIDocumentTests` checks that its paths and methods are the
/// router's, and `Scripts/validate-openapi.sh` validates the file.
public enum OpenAPIDocument {
    /// The document as JSON text (UTF-8), complete and valid OpenAPI 3.1.
    public static let json: String = EmbeddedDocuments.openapiJSON
}

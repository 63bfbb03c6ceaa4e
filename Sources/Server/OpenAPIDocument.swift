import Foundation
import Yams

/// The API's contract: `openapi.yaml` (OpenAPI 3.1) at the repository's root, embedded at build
/// time. The server serves it at `/openapi.json` and checks requests against it (``APIContract``);
/// tests hold the routes, the roles and every response of the integration suite to it.
enum OpenAPIDocument {
    /// The document as JSON, converted once.
    static let json: String = {
        guard let yaml = embeddedContractFiles.first(where: { $0.name == "openapi.yaml" })?.text else {
            fatalError("openapi.yaml was not embedded at build time")
        }
        do {
            guard let document = try Yams.load(yaml: yaml) else { fatalError("openapi.yaml is empty") }
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        } catch {
            // The build embeds the file the tests read; a document that does not parse fails every test at once.
            fatalError("openapi.yaml does not parse: \(error)")
        }
    }()
}

import Catalog
import Hummingbird
import ICU
import Interchange
import Store

/// An export file written to a response body while its templates are read, a run at a time, so
/// a catalog of any size takes the memory of one run; the writer waits while the client reads.
final class StreamedExport: @unchecked Sendable {
    // Unchecked: only the response body's task uses it, one call after another.
    private var writer: any ResponseBodyWriter
    private var file: ExportWriter

    init(_ writer: any ResponseBodyWriter, _ file: ExportWriter) {
        self.writer = writer
        self.file = file
    }

    /// Reads the workspace's templates in `locales` from `store` and writes the file, then ends the body.
    func write(_ workspace: Workspace, locales: [LocaleID], from store: CatalogStore) async throws {
        try await store.streamExport(of: workspace, locales: locales) { locale, run in
            try await self.write(self.file.write(run, for: locale))
        }
        try await write(file.finish())
        try await writer.finish(nil)
    }

    private func write(_ text: String) async throws {
        if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
    }
}

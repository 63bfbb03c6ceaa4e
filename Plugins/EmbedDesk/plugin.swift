import Foundation
import PackagePlugin

/// Embeds the agent desk's page (`Desk/`: HTML, CSS, JavaScript) into the `Server` module at
/// build time, so `parley serve` serves it from the binary: nothing is read or fetched at run time.
@main
struct EmbedDesk: BuildToolPlugin {
    static let extensions: Set<String> = ["html", "css", "js", "svg"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "Desk")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { Self.extensions.contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDesk.swift")
        return [
            .buildCommand(
                displayName: "Embedding the desk's \(files.count) files",
                executable: try context.tool(named: "EmbedFilesTool").url,
                arguments: [output.path, "embeddedDeskFiles"] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}

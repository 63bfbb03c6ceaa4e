import Foundation
import PackagePlugin

/// Embeds the API's contract (`openapi.yaml`) into the `Server` module at build time: the server
/// serves it and checks requests against it, so the document in the repository is the one in force.
@main
struct EmbedContract: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let document = context.package.directoryURL.appending(path: "openapi.yaml")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedContract.swift")
        return [
            .buildCommand(
                displayName: "Embedding openapi.yaml",
                executable: try context.tool(named: "EmbedFilesTool").url,
                arguments: [output.path, "embeddedContractFiles", document.path],
                inputFiles: [document],
                outputFiles: [output]
            )
        ]
    }
}

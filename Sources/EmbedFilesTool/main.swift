// Writes a Swift file holding each migration's name and SQL (used by the EmbedMigrations plugin).
// Usage: EmbedMigrationsTool OUTPUT.swift MIGRATION.sql...
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedMigrationsTool OUTPUT.swift MIGRATION.sql...\n".utf8))
    exit(64)
}
var source = "// Generated at build time from Migrations/*.sql by the EmbedMigrations plugin. Do not edit.\n\n"
source += "let embeddedMigrations: [(name: String, sql: String)] = [\n"
for path in arguments.dropFirst() {
    let sql = try String(contentsOfFile: path, encoding: .utf8)
    // A raw string with more '#' than any run in the SQL cannot be closed by it.
    var hashes = "#"
    while sql.contains("\"\"\"" + hashes) || sql.contains("\"" + hashes) { hashes += "#" }
    let name = URL(fileURLWithPath: path).lastPathComponent
    source += "    (\"\(name)\", \(hashes)\"\"\"\n\(sql)\n\"\"\"\(hashes)),\n"
}
source += "]\n"
try source.write(toFile: output, atomically: true, encoding: .utf8)

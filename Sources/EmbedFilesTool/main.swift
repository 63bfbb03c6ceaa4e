// Writes a Swift file holding each input file's name and text, as one array constant (used by
// the EmbedMigrations and EmbedDesk plugins, so the binary carries its schema and its page).
// Usage: EmbedFilesTool OUTPUT.swift VARIABLE FILE...
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: EmbedFilesTool OUTPUT.swift VARIABLE FILE...\n".utf8))
    exit(64)
}
let (output, variable) = (arguments[0], arguments[1])
var source = "// Generated at build time by EmbedFilesTool. Do not edit.\n\n"
source += "let \(variable): [(name: String, text: String)] = [\n"
for path in arguments.dropFirst(2) {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    // A raw string with more '#' than any run in the text cannot be closed by it.
    var hashes = "#"
    while text.contains("\"\"\"" + hashes) || text.contains("\"" + hashes) { hashes += "#" }
    let name = URL(fileURLWithPath: path).lastPathComponent
    source += "    (\"\(name)\", \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
}
source += "]\n"
try source.write(toFile: output, atomically: true, encoding: .utf8)

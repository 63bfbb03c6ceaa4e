import Catalog
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML element read with the line it starts on: just enough of XML for XLIFF.
final class XMLElement {
    let name: String
    let attributes: [String: String]
    let line: Int
    var children: [XMLElement] = []
    /// The character data directly inside, in order (mixed content is refused by the readers).
    var text = ""
    /// The line where the element's text starts.
    var textLine: Int

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
        self.textLine = line
    }

    func children(named name: String) -> [XMLElement] { children.filter { $0.localName == name } }
    func child(named name: String) -> XMLElement? { children.first { $0.localName == name } }

    /// The name without a namespace prefix.
    var localName: String { name.split(separator: ":").last.map(String.init) ?? name }

    /// Parses a whole document with Foundation's parser (libxml2), or reports the first syntax
    /// error at its line.
    static func parse(_ file: InterchangeFile) throws(FileProblems) -> XMLElement {
        let parser = XMLParser(data: Data(file.contents.utf8))
        let builder = TreeBuilder(parser: parser)
        parser.delegate = builder
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        guard ok, let root = builder.root else {
            let code = (builder.error ?? parser.parserError).map { XMLParser.ErrorCode(rawValue: ($0 as NSError).code) }
            let line = builder.errorLine ?? parser.lineNumber
            throw FileProblems(problems: [FileProblem(FilePosition(file: file.name, line: max(1, line)), "XML: \(describe(code ?? nil))")])
        }
        return root
    }

    /// libxml2's error, in words: the parser's codes are its only detail on Linux.
    private static func describe(_ code: XMLParser.ErrorCode?) -> String {
        switch code {
        case .tagNameMismatchError?: "the end tag does not match the start tag"
        case .nameRequiredError?, .entityReferenceMissingSemiError?, .entityBoundaryError?:
            "a bare '&' (write &amp;)"
        case .undeclaredEntityError?: "an unknown entity (only &amp; &lt; &gt; &quot; &apos; and character references)"
        case .lessThanSymbolInAttributeError?, .ltRequiredError?: "a bare '<' (write &lt;)"
        case .prematureDocumentEndError?, .gtRequiredError?: "the document ends inside an element"
        case .attributeNotStartedError?, .attributeNotFinishedError?: "a malformed attribute"
        case .emptyDocumentError?, .documentStartError?: "not an XML document"
        case let code?: "not well-formed (\(code))"
        case nil: "not well-formed"
        }
    }

    /// Writes a string as XML character data or attribute value.
    static func escape(_ text: String, attribute: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where attribute: result += "&quot;"
            case "\n" where attribute: result += "&#10;"
            case "\r": result += "&#13;"
            case "\t" where attribute: result += "&#9;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    let parser: XMLParser
    var root: XMLElement?
    var stack: [XMLElement] = []
    /// The first error and its line, taken when it happens (the parser's line moves on after).
    var error: Error?
    var errorLine: Int?

    init(parser: XMLParser) { self.parser = parser }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let element = XMLElement(name: elementName, attributes: attributes, line: parser.lineNumber)
        if let parent = stack.last { parent.children.append(element) } else { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let current = stack.last else { return }
        if current.text.isEmpty { current.textLine = parser.lineNumber - string.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) } }
        current.text += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        guard error == nil else { return }
        error = parseError
        errorLine = parser.lineNumber
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        self.parser(parser, foundCharacters: String(decoding: block, as: UTF8.self))
    }
}

import Catalog
import Foundation
import ICU
import Interchange
import Testing

/// The state marks of every format, both ways: a file exported and read back untouched changes
/// nothing, whoever sends it; a changed text gets the state its marks and its writer's role allow.
@Suite("State marks in translators' formats")
struct StateRoundTripTests {
    static let en = try! LocaleID("en")
    static let de = try! LocaleID("de")

    /// One English source and German texts in every state, one of them outdated.
    static func catalog() -> CatalogBundle {
        let keys = ["a.draft", "b.review", "c.approved", "d.outdated", "e.outdated_draft"]
        return CatalogBundle(
            workspace: WorkspaceSpec(name: "support", defaultLocale: en, locales: [en, de]),
            templates: keys.map { TemplateSpec(key: $0, description: "about \($0)", sourceLocale: en) },
            texts: keys.map { TextSpec(key: $0, locale: en, message: "Hello {name}, about \($0).\nSecond line.") } + [
                TextSpec(key: "a.draft", locale: de, message: "Hallo {name} (Entwurf)", state: .draft),
                TextSpec(key: "b.review", locale: de, message: "Hallo {name}, zur Prüfung.\nZweite Zeile.", state: .needsReview),
                TextSpec(key: "c.approved", locale: de, message: "Hallo {name}, freigegeben.", state: .approved),
                TextSpec(key: "d.outdated", locale: de, message: "Hallo {name}, veraltet.", state: .approved,
                         outdated: true, previousSource: "Hello {name}, as it was."),
                TextSpec(key: "e.outdated_draft", locale: de, message: "Hallo {name}, veralteter Entwurf.", state: .draft,
                         outdated: true, previousSource: "Hello {name}, as it was."),
            ])
    }

    /// The German text as the server holds it, with source versions: outdated ones follow version 1 of 2.
    static func current(_ text: TextSpec) -> TextUpdate.Current {
        TextUpdate.Current(message: text.message, state: text.state, sourceVersion: text.outdated ? 1 : 2)
    }

    static let formats: [InterchangeFormat] = [.xliff2, .xliff12, .po, .json, .csv]

    static func readBack(_ format: InterchangeFormat, _ catalog: CatalogBundle) throws -> [TextSpec] {
        let file = try #require(Interchange.export(catalog, as: format, locales: format == .csv ? nil : [de]).first)
        return try Interchange.read(file, as: format, locale: de, catalog: catalog).filter { $0.locale == de }
    }

    @Test("an untouched export reads back unchanged for every role", arguments: formats, [false, true])
    func untouched(format: InterchangeFormat, mayApprove: Bool) throws {
        let catalog = Self.catalog()
        let read = try Self.readBack(format, catalog)
        let germans = catalog.texts.filter { $0.locale == Self.de }
        #expect(read.count == germans.count)
        for text in germans {
            let back = try #require(read.first { $0.key == text.key })
            #expect(back.message == text.message)
            let write = TextUpdate.plan(current: Self.current(text), message: back.message, marks: back.stateMarks,
                                        mayApprove: mayApprove, source: TextUpdate.Source(currentVersion: 2))
            #expect(write == nil, "\(format) \(text.key): \(String(describing: write))")
        }
    }

    @Test("outdated texts are marked: PO fuzzy with the previous msgid, XLIFF not final")
    func outdatedMarks() throws {
        let catalog = Self.catalog()
        let po = try #require(Interchange.export(catalog, as: .po, locales: [Self.de]).first).contents
        #expect(po.contains("#, fuzzy\n#| msgid \"Hello {name}, as it was.\"\nmsgctxt \"d.outdated\""))
        #expect(!po.contains("#, fuzzy\nmsgctxt \"c.approved\""))
        let xliff2 = try #require(Interchange.export(catalog, as: .xliff2, locales: [Self.de]).first).contents
        #expect(xliff2.contains("<segment state=\"translated\" subState=\"parley:outdated\">"))
        let xliff12 = try #require(Interchange.export(catalog, as: .xliff12, locales: [Self.de]).first).contents
        #expect(xliff12.contains("<trans-unit id=\"c.approved\" resname=\"c.approved\" xml:space=\"preserve\" approved=\"yes\">"))
        #expect(xliff12.contains("<trans-unit id=\"d.outdated\" resname=\"d.outdated\" xml:space=\"preserve\">"))
        #expect(xliff12.contains("<target state=\"needs-review-translation\">Hallo {name}, veraltet.</target>"))
    }

    @Test("a changed text waits for review when a translator sends it, approved only from a reviewer", arguments: formats)
    func changed(format: InterchangeFormat) throws {
        let catalog = Self.catalog()
        var edited = catalog
        let index = try #require(edited.texts.firstIndex { $0.key == "c.approved" && $0.locale == Self.de })
        edited.texts[index].message = "Hallo {name}, neu."
        let back = try #require(try Self.readBack(format, edited).first { $0.key == "c.approved" })
        let current = Self.current(catalog.texts[index])
        let source = TextUpdate.Source(currentVersion: 2)
        let byTranslator = TextUpdate.plan(current: current, message: back.message, marks: back.stateMarks, mayApprove: false, source: source)
        #expect(byTranslator?.state == .needsReview)
        let byReviewer = TextUpdate.plan(current: current, message: back.message, marks: back.stateMarks, mayApprove: true, source: source)
        #expect(byReviewer?.state == .approved)
    }

    @Test("a file exported before the source changed, sent back untouched, changes nothing", arguments: formats)
    func exportedBeforeSourceChange(format: InterchangeFormat) throws {
        let catalog = Self.catalog()
        for back in try Self.readBack(format, catalog) {
            let text = try #require(catalog.texts.first { $0.key == back.key && $0.locale == Self.de })
            // The source moved on from version 2 (what the file showed) to 3 since the export.
            let current = TextUpdate.Current(message: text.message, state: text.state, sourceVersion: text.outdated ? 1 : 2)
            let source = TextUpdate.Source(currentVersion: 3, shownVersion: back.shownSource == nil ? nil : 2)
            let write = TextUpdate.plan(current: current, message: back.message, marks: back.stateMarks, mayApprove: false, source: source)
            #expect(write == nil, "\(format) \(text.key): \(String(describing: write))")
        }
    }

    @Test("outdated clears only when the text is written against the current source")
    func outdatedClears() {
        let outdated = TextUpdate.Current(message: "Hallo", state: .approved, sourceVersion: 1)
        let marks = StateMarks(states: [.needsReview, .approved], outdated: false, requested: nil)
        // The translator confirms the text as it stands against the source now shown: written, no longer outdated.
        let confirmed = TextUpdate.plan(current: outdated, message: "Hallo", marks: marks, mayApprove: false,
                                        source: TextUpdate.Source(currentVersion: 2))
        #expect(confirmed == TextUpdate.Write(state: .needsReview, sourceVersion: 2))
        // A new wording made from the old source text (the file still shows it) stays outdated.
        let stale = TextUpdate.plan(current: outdated, message: "Hallo!", marks: marks, mayApprove: false,
                                    source: TextUpdate.Source(currentVersion: 2, shownVersion: 1))
        #expect(stale == TextUpdate.Write(state: .needsReview, sourceVersion: 1))
    }

    @Test("translate-toolkit's marks: approved=\"no\" is not approved; po2xliff files without ids or target language are read")
    func otherTools() throws {
        let catalog = Self.catalog()
        let file = """
            <?xml version="1.0" encoding="utf-8"?>
            <xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1">
            <file original="de.po" source-language="en-US" datatype="po">
            <body>
            <trans-unit xml:space="preserve" id="1" approved="no"><source>Hello {name}, about b.review.
            Second line.</source><target state="needs-translation">Hallo {name}, neu.</target></trans-unit>
            <trans-unit xml:space="preserve" id="2" approved="yes"><source>Hello {name}, about c.approved.
            Second line.</source><target>Hallo {name}, freigegeben.</target></trans-unit>
            </body></file></xliff>
            """
        let missingLocale = #expect(throws: FileProblems.self) {
            try Interchange.read(InterchangeFile(name: "de.xlf", contents: file), as: .xliff12, catalog: catalog)
        }
        #expect(missingLocale?.description.contains("give it with --locale") == true)
        let read = try Interchange.read(InterchangeFile(name: "de.xlf", contents: file), as: .xliff12, locale: Self.de, catalog: catalog)
        #expect(read.map(\.key) == ["b.review", "c.approved"])
        #expect(read[0].stateMarks.requested == .draft && read[1].stateMarks.states == [.approved])
        let unnamed = #expect(throws: FileProblems.self) {
            try Interchange.read(InterchangeFile(name: "de.xlf", contents: file.replacingOccurrences(of: "about b.review", with: "about nothing")),
                                 as: .xliff12, locale: Self.de, catalog: catalog)
        }
        #expect(unnamed?.description.contains("no text of the workspace") == true)
    }
}

import Catalog
import ICU
import Testing

@Suite("Key locales")
struct KeyLocalesTests {
    @Test("a translator key names its locales or says all; other roles need neither")
    func translatorNeedsAList() throws {
        #expect(throws: KeyLocales.Refusal.self) { try KeyLocales.resolve(nil, role: .translator) }
        #expect(try KeyLocales.resolve(["all"], role: .translator) == nil)
        #expect(try KeyLocales.resolve(KeyLocales.tags("fr, pt_BR"), role: .translator) == [try LocaleID("fr"), try LocaleID("pt-BR")])
        #expect(try KeyLocales.resolve(nil, role: .reviewer) == nil)
    }

    @Test("unknown locales, and locales outside the workspace, are refused with the reason")
    func unknownLocales() throws {
        for tags in [["xx-nonsense"], ["fr", "not a tag"], []] {
            #expect(throws: KeyLocales.Refusal.self, "\(tags)") { try KeyLocales.resolve(tags, role: .translator) }
        }
        do {
            _ = try KeyLocales.resolve(["de"], role: .translator, workspaceLocales: [try LocaleID("en"), try LocaleID("fr")])
            Issue.record("a locale outside the workspace was accepted")
        } catch {
            #expect("\(error)" == "de is not one of the workspace's locales (en, fr)")
        }
    }
}

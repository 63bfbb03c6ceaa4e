@testable import LanguageDetection
import Testing

@Suite("Text garbled by a wrong charset")
struct MojibakeTests {

    @Test("the readings undo what the wrong charset did", arguments: [
        ("Ïðèâåò, ìîé àêêàóíò âçëîìàëè", "windows-1252", "windows-1251", "Привет, мой аккаунт взломали"),
        ("yýlýnda þehir Ýstanbul", "windows-1252", "windows-1254", "yılında şehir İstanbul"),
        ("ðÒÉ×ÅÔ", "ISO-8859-1", "KOI8-R", "Привет"),
        ("fÃ¼r", "windows-1252", "UTF-8", "für"),
        ("РџСЂРёРІРµС‚", "windows-1251", "UTF-8", "Привет"),
    ])
    func readings(_ garbled: String, _ writtenAs: String, _ readAs: String, _ original: String) {
        #expect(Mojibake.reread(garbled, .init(writtenAs: writtenAs, readAs: readAs)) == original)
    }

    @Test("clean text is left alone", arguments: ["été à Paris", "SÃO PAULO", "Привет, мой аккаунт", "İstanbul'da yaşıyorum", "mi cuenta"])
    func clean(_ text: String) {
        #expect(!Mojibake.looksLikeReadUTF8(text))
        #expect(Mojibake.utf8Repair(of: text) == nil)
        #expect(SeedCandidates.detector.detect(text, candidates: SeedCandidates.locales).repaired == nil)
    }

    @Test("garbled text is repaired, reported and detected", arguments: [
        ("Ich warte seit zwei Wochen auf die RÃ¼ckerstattung fÃ¼r meine Bestellung", "de", "für"),
        ("Je nâ€™ai toujours pas reÃ§u mon remboursement, câ€™est inadmissible", "fr", "reçu"),
        ("TodavÃ­a no recibÃ­ el reembolso de mi pedido, ya pasaron dos semanas", "es", "Todavía"),
        ("Videom neden silindi, hiÃ§bir kuralÄ± ihlal etmedim", "tr", "hiçbir"),
        ("Bu yýlýn baþýnda hesabýmý açtým ama þifremi unuttum", "tr", "yılın"),
        ("РџРѕРјРѕРіРёС‚Рµ, РјРѕР№ Р°РєРєР°СѓРЅС‚ РІР·Р»РѕРјР°Р»Рё Рё РїРѕРјРµРЅСЏР»Рё РїР°СЂРѕР»СЊ", "ru", "Помогите"),
        ("Ïîìîãèòå, ìîé àêêàóíò âçëîìàëè è ïîìåíÿëè ïàðîëü", "ru", "Помогите"),
        ("ðÏÍÏÇÉÔÅ, ÍÏÊ ÁËËÁÕÎÔ ×ÚÌÏÍÁÌÉ É ÐÏÍÅÎÑÌÉ ÐÁÒÏÌØ", "ru", "Помогите"),
    ])
    func repaired(_ garbled: String, _ language: String, _ word: String) throws {
        let detection = SeedCandidates.detector.detect(garbled, candidates: SeedCandidates.locales)
        #expect(detection.language == language, "\(detection)")
        #expect(try #require(detection.repaired).contains(word))
    }
}

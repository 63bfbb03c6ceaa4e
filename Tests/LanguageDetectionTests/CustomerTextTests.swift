@testable import LanguageDetection
import Testing

/// Customers' messages as they are typed: clean sentences with names and numbers, chat without
/// diacritics; and text in a language outside the candidates, which must still be refused.
@Suite("Customers' text, refused or not")
struct CustomerTextTests {

    @Test("clean sentences and short requests detect among the seed locales", arguments: [
        ("сбросьте пароль на почту", "ru"),
        ("Семен лихорадочно обдумывал положение.", "ru"),
        ("Wo findet man Jusos im Rhein-Neckar-Kreis?", "de"),
        ("videom neden silindi hicbir kurali ihlal etmedim", "tr"),
        ("canli yayinim surekli donuyor", "tr"),
    ])
    func refusedBefore(_ text: String, _ language: String) {
        let detection = SeedCandidates.detector.detect(text, candidates: SeedCandidates.locales)
        #expect(detection.language == language, "\(detection)")
    }

    @Test("chat typed without diacritics detects", arguments: [
        ("sifremi unuttum ve hesabima giremiyorum yardim eder misiniz", "tr"),
        ("tai khoan cua toi bi khoa roi, lam sao de mo lai duoc", "vi"),
        ("nie moge sie zalogowac na moje konto od wczoraj, prosze o pomoc", "pl"),
        ("nao consigo entrar na minha conta, ja tentei trocar a senha", "pt"),
        ("no puedo entrar a mi cuenta, ya intente cambiar la contrasena", "es"),
        ("je narrive plus a me connecter a mon compte depuis hier soir", "fr"),
        ("ich moechte mein Konto loeschen, wie funktioniert das genau", "de"),
    ])
    func withoutDiacritics(_ text: String, _ language: String) {
        // Polish is no seed locale: every language the model knows is a candidate there.
        let candidates = language == "pl" ? nil : SeedCandidates.locales
        let detection = SeedCandidates.detector.detect(text, candidates: candidates)
        #expect(detection.language == language, "\(detection)")
    }

    @Test("a language outside the candidates is refused, with its reason and the closest candidate", arguments: [
        "El meu compte ha estat piratejat i no puc recuperar la contrasenya",   // Catalan
        "Non podo entrar na miña conta desde onte pola noite",                  // Galician
        "Akaunti yangu imedukuliwa na siwezi kuingia tena",                     // Swahili
    ])
    func foreign(_ text: String) throws {
        let detection = SeedCandidates.detector.detect(text, candidates: SeedCandidates.locales)
        #expect(detection.language == "und", "\(detection)")
        #expect([.poorFit, .notACandidate].contains(detection.reason) || {
            if case .betterOutsideCandidates = detection.reason { return true } else { return false }
        }())
        let best = try #require(detection.best)
        #expect(best.confidence > 0 && best.confidence <= 1)
    }
}

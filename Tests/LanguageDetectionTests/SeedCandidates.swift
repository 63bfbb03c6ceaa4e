@testable import LanguageDetection

/// What the customer-text tests detect with: the bundled model, and the seed catalog's 17 locales
/// as candidates (a support workspace as it ships).
enum SeedCandidates {
    static let detector = try! LanguageDetector.bundled()
    static let locales = ["en", "zh-Hans", "zh-Hant", "ja", "ko", "es", "es-419", "pt-BR", "fr", "de", "ru", "ar", "id", "vi", "th", "tr", "hi"]
}

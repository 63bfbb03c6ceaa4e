import Catalog
import ICU

/// An export file written a run of templates at a time, so a catalog of any size is written in
/// the memory of one run. Each run is whole templates, in key order across runs, with their
/// texts in the locale written and in the templates' source locales. What it writes is what
/// ``Interchange/export(_:as:locales:)`` writes for the whole catalog at once, which is written
/// through it too.
public struct ExportWriter: Sendable {
    public let format: InterchangeFormat
    public let workspace: String
    /// The file's locale (a per-locale format's head names it; CSV files hold every locale).
    public let locale: LocaleID
    private var headWritten = false
    private var entriesWritten = 0

    public init(_ format: InterchangeFormat, workspace: String, locale: LocaleID) {
        self.format = format
        self.workspace = workspace
        self.locale = locale
    }

    /// The name the file is offered under: `support.fr.po`, or `support.csv` for every locale.
    public var fileName: String {
        format.isPerLocale ? "\(workspace).\(locale.tag).\(format.fileExtension)" : "\(workspace).\(format.fileExtension)"
    }

    /// The text of `run`'s units in `locale` (a per-locale file's own; one of a CSV file's).
    public mutating func write(_ run: CatalogBundle, for locale: LocaleID) -> String {
        var out = ""
        for unit in ExportUnit.units(of: run, for: locale) {
            // The head names the source locale of the first template with a text, so it waits for it.
            if !headWritten { out += head(sourceLocale: unit.template.sourceLocale) }
            out += entry(unit, locale: locale)
        }
        return out
    }

    /// The end of the file (and its head, when no run had a unit).
    public mutating func finish() -> String {
        let head = headWritten ? "" : head(sourceLocale: locale)
        switch format {
        case .xliff2: return head + XLIFF2Format.tail
        case .xliff12: return head + XLIFF12Format.tail
        case .po, .csv: return head
        case .json: return head + FlatJSONFormat.tail(entries: entriesWritten)
        }
    }

    private mutating func head(sourceLocale: LocaleID) -> String {
        headWritten = true
        switch format {
        case .xliff2: return XLIFF2Format.head(workspace: workspace, sourceLocale: sourceLocale, locale: locale)
        case .xliff12: return XLIFF12Format.head(workspace: workspace, sourceLocale: sourceLocale, locale: locale)
        case .po: return POFormat.head(workspace: workspace, sourceLocale: sourceLocale, locale: locale)
        case .json: return ""
        case .csv: return CSVFormat.head
        }
    }

    private mutating func entry(_ unit: ExportUnit, locale: LocaleID) -> String {
        switch format {
        case .xliff2: return XLIFF2Format.unit(unit)
        case .xliff12: return XLIFF12Format.unit(unit)
        case .po: return POFormat.entry(unit)
        case .json:
            guard let entry = FlatJSONFormat.entry(unit) else { return "" }
            entriesWritten += 1
            return (entriesWritten == 1 ? "{\n" : ",\n") + entry
        case .csv: return CSVFormat.row(unit, locale: locale)
        }
    }
}

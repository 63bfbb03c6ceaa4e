import ICU
import MessageFormat

/// Locales with different plural rules, numbering systems, calendars and scripts.
let locales = ["en", "ar", "ru", "cy", "ja", "fr", "th", "fa", "hi", "he"].compactMap { try? LocaleID($0) }

/// Arguments of every type under the names fuzzed messages are likely to use.
let arguments: MessageArguments = {
    var arguments = MessageArguments()
    let values: [ArgumentValue] = [.integer(3), .double(1.5), .string("x"), .decimal("2.50"),
                                   .date(millisecondsSince1970: 1_767_607_200_000), .integer(-7), .string("other")]
    for (index, name) in ["a", "b", "c", "n", "x", "0", "1", "d", "s", "count"].enumerated() {
        arguments[name] = values[index % values.count]
    }
    return arguments
}()

/// Any input must parse or fail with an error, never crash, as MessageFormat 1 and as
/// MessageFormat 2; what compiles must render within its limits; lint must finish; locale tags and Accept-Language headers must parse or fail.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let locale = locales[Int(data[0]) % locales.count]
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    if let message = try? MessageParser.parse(text),
        let compiled = try? CompiledMessage(message: message, locale: locale)
    {
        let rendered = compiled.render(arguments, options: RenderOptions(maxOutputBytes: 4096))
        precondition(rendered.text.utf8.count <= 4096)
        _ = compiled.render([:])
    }
    if let message = try? MF2.Parser.parse(text) {
        var formatter = MF2.Formatter(locale: locale, bidiIsolation: size % 2 == 0 ? .default : .none)
        formatter.maxOutputBytes = 4096
        precondition(formatter.format(message, arguments).text.utf8.count <= 4096)
        _ = formatter.format(message, [:])
        // The compiled form: lowered to MessageFormat 1's nodes where it can be, else formatted.
        if let compiled = try? CompiledMessage(mf2: message, locale: locale) {
            precondition(compiled.render(arguments, options: RenderOptions(maxOutputBytes: 4096)).text.utf8.count <= 4096)
        }
    }
    if size < 512 { _ = Linter.lint(text, locale: locale, source: "{a} {n, plural, other {#}}") }
    if size < 64 {
        _ = try? LocaleID(text)
        _ = AcceptLanguage.parse(text)
    }
    return 0
}

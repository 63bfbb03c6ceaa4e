import ICU
for t in ["es-MX","pt-AO","zh-HK","en-IN","zh-TW","sr-Latn-BA","en-Latn-US","iw","es_419", "de-CH-1996", "zh-Hans-CN", "ja"] {
  let l = try LocaleID(t)
  print(t, l, l.maximized, l.fallbackChain.map(\.tag))
}
let r = try PluralRules(locale: LocaleID("ru"))
print(r.categories, r.category(for: 3), r.category(for: 2.5))
let f = try NumberFormat(.skeleton("currency/EUR"), locale: LocaleID("de"))
print(f.format(1234.5), try NumberFormat(.decimal, locale: LocaleID("ar")).format(Int64(11)))
let d = try DateFormat(date: .long, locale: LocaleID("ru"))
print(d.format(millisecondsSince1970: 1778317200000))
print(try WordBreaker(locale: LocaleID("th")).words(in: "สวัสดีครับ ผม"))
print(Script.of("ア"), Script.of("ー"), Script.of("a"), Script.of("中"))
print(try Collator(locale: LocaleID("sv")).areInIncreasingOrder("z", "ö"))
print(try? LocaleID("not a tag!!"))

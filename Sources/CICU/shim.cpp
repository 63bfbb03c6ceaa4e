// Implementation of parley_icu.h over ICU's C and C++ APIs. ICU's headers rename every call to
// its version-suffixed symbol here, so no suffix is written by hand.
#include "parley_icu.h"

#include <unicode/brkiter.h>
#include <unicode/coll.h>
#include <unicode/datefmt.h>
#include <unicode/decimfmt.h>
#include <unicode/dtfmtsym.h>
#include <unicode/dtptngen.h>
#include <unicode/localematcher.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/numberformatter.h>
#include <unicode/bytestream.h>
#include <unicode/uchar.h>
#include <unicode/plurrule.h>
#include <unicode/rbnf.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucol.h>
#include <unicode/ures.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

#include <cstring>
#include <string>
#include <memory>
#include <vector>

using namespace icu;

// MARK: helpers

namespace {

/// Copies bytes into the caller's buffer, reporting overflow the ICU way.
int32_t copy_out(const char *bytes, int32_t length, char *out, int32_t cap, int32_t *status) {
  if ((*status > U_ZERO_ERROR)) return 0;
  if (length > cap) {
    *status = U_BUFFER_OVERFLOW_ERROR;
    return length;
  }
  if (length > 0) std::memcpy(out, bytes, (size_t)length);
  return length;
}

/// Writes a UTF-16 string as UTF-8 into the caller's buffer.
int32_t utf16_out(const UChar *text, int32_t length, char *out, int32_t cap, int32_t *status) {
  if ((*status > U_ZERO_ERROR)) return 0;
  UErrorCode code = U_ZERO_ERROR;
  int32_t needed = 0;
  u_strToUTF8(out, cap, &needed, text, length, &code);
  if (code == U_STRING_NOT_TERMINATED_WARNING) code = U_ZERO_ERROR;
  *status = code;
  return needed;
}

int32_t unicode_out(const UnicodeString &text, char *out, int32_t cap, int32_t *status) {
  return utf16_out(text.getBuffer(), text.length(), out, cap, status);
}

int32_t string_out(const std::string &text, char *out, int32_t cap, int32_t *status) {
  return copy_out(text.data(), (int32_t)text.size(), out, cap, status);
}

Locale locale_for_tag(const char *tag, int32_t *status) {
  UErrorCode code = (UErrorCode)*status;
  Locale locale = Locale::forLanguageTag(tag, code);
  *status = code;
  return locale;
}

std::string tag_of(const Locale &locale, int32_t *status) {
  UErrorCode code = (UErrorCode)*status;
  std::string tag = locale.toLanguageTag<std::string>(code);
  *status = code;
  return tag;
}

UnicodeString from_utf8(const char *text, int32_t length) {
  return UnicodeString::fromUTF8(StringPiece(text, length));
}

int32_t category_of(const UnicodeString &keyword) {
  static const char16_t *names[] = {u"zero", u"one", u"two", u"few", u"many", u"other"};
  for (int32_t i = 0; i < 6; i++) {
    if (keyword == names[i]) return i;
  }
  return PARLEY_PLURAL_OTHER;
}

}  // namespace

extern "C" const char *parley_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

extern "C" int32_t parley_icu_version(char *out, int32_t cap) {
  UVersionInfo info;
  u_getVersion(info);
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(info, text);
  int32_t status = 0;
  return copy_out(text, (int32_t)std::strlen(text), out, cap, &status);
}

// MARK: locales

extern "C" int32_t parley_locale_canonicalize(const char *tag, char *out, int32_t cap, int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  if ((*status > U_ZERO_ERROR)) return 0;
  if (locale.isBogus() || (std::strlen(locale.getLanguage()) == 0 && std::strcmp(tag, "und") != 0 &&
                           std::strncmp(tag, "und-", 4) != 0)) {
    *status = U_ILLEGAL_ARGUMENT_ERROR;
    return 0;
  }
  UErrorCode code = U_ZERO_ERROR;
  locale.canonicalize(code);
  *status = code;
  return string_out(tag_of(locale, status), out, cap, status);
}

extern "C" int32_t parley_locale_add_likely(const char *tag, char *out, int32_t cap, int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  UErrorCode code = (UErrorCode)*status;
  locale.addLikelySubtags(code);
  *status = code;
  return string_out(tag_of(locale, status), out, cap, status);
}

extern "C" int32_t parley_locale_minimize(const char *tag, char *out, int32_t cap, int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  UErrorCode code = (UErrorCode)*status;
  locale.minimizeSubtags(code);
  *status = code;
  return string_out(tag_of(locale, status), out, cap, status);
}

extern "C" int32_t parley_locale_display_name(const char *tag, const char *display_tag, char *out, int32_t cap,
                                              int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  Locale display = locale_for_tag(display_tag, status);
  if ((*status > U_ZERO_ERROR)) return 0;
  UnicodeString name;
  locale.getDisplayName(display, name);
  return unicode_out(name, out, cap, status);
}

extern "C" int32_t parley_locale_explicit_parent(const char *tag, char *out, int32_t cap, int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  if ((*status > U_ZERO_ERROR)) return 0;
  UErrorCode code = U_ZERO_ERROR;
  UResourceBundle *bundle = ures_openDirect(nullptr, locale.getName(), &code);
  if (U_FAILURE(code)) {
    ures_close(bundle);
    return 0;  // no data of its own: no explicit parent
  }
  int32_t length = 0;
  const UChar *parent = ures_getStringByKey(bundle, "%%Parent", &length, &code);
  int32_t written = 0;
  if (U_SUCCESS(code)) {
    char id[ULOC_FULLNAME_CAPACITY];
    u_UCharsToChars(parent, id, length < ULOC_FULLNAME_CAPACITY ? length : ULOC_FULLNAME_CAPACITY - 1);
    id[length < ULOC_FULLNAME_CAPACITY ? length : ULOC_FULLNAME_CAPACITY - 1] = 0;
    if (std::strcmp(id, "root") == 0) {
      written = copy_out("root", 4, out, cap, status);
    } else {
      written = string_out(tag_of(Locale(id), status), out, cap, status);
    }
  }
  ures_close(bundle);
  return written;
}

extern "C" int32_t parley_locale_has_data(const char *tag) {
  int32_t status = 0;
  Locale locale = locale_for_tag(tag, &status);
  if ((status > U_ZERO_ERROR)) return 0;
  UErrorCode code = U_ZERO_ERROR;
  UResourceBundle *bundle = ures_openDirect(nullptr, locale.getName(), &code);
  ures_close(bundle);
  return U_SUCCESS(code) && code != U_USING_DEFAULT_WARNING && code != U_USING_FALLBACK_WARNING;
}

extern "C" int32_t parley_locale_is_right_to_left(const char *tag) {
  int32_t status = 0;
  Locale locale = locale_for_tag(tag, &status);
  if ((status > U_ZERO_ERROR)) return 0;
  return locale.isRightToLeft() ? 1 : 0;
}

extern "C" int32_t parley_locale_match(const char *const *desired, int32_t desired_count,
                                       const char *const *supported, int32_t supported_count, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  LocaleMatcher::Builder builder;
  for (int32_t i = 0; i < supported_count; i++) {
    UErrorCode tagCode = U_ZERO_ERROR;
    builder.addSupportedLocale(Locale::forLanguageTag(supported[i], tagCode));
  }
  builder.setNoDefaultLocale();
  LocaleMatcher matcher = builder.build(code);
  if (U_FAILURE(code)) {
    *status = code;
    return -1;
  }
  std::vector<Locale> wanted;
  for (int32_t i = 0; i < desired_count; i++) {
    UErrorCode tagCode = U_ZERO_ERROR;
    Locale locale = Locale::forLanguageTag(desired[i], tagCode);
    if (U_SUCCESS(tagCode)) wanted.push_back(locale);
  }
  if (wanted.empty()) return -1;
  Locale::RangeIterator<std::vector<Locale>::iterator> iterator(wanted.begin(), wanted.end());
  LocaleMatcher::Result result = matcher.getBestMatchResult(iterator, code);
  *status = code;
  if (U_FAILURE(code)) return -1;
  return result.getSupportedIndex();
}

// MARK: number formats

struct ParleyNumberFormat {
  std::unique_ptr<NumberFormat> legacy;                     // DecimalFormat or RuleBasedNumberFormat
  const number::LocalizedNumberFormatter *modern = nullptr;  // a DecimalFormat's own, or `owned`
  std::unique_ptr<number::LocalizedNumberFormatter> owned;   // skeletons
  bool isDecimal = false;
  UnicodeString ruleSet;
};

extern "C" ParleyNumberFormat *parley_number_open(int32_t kind, const char *text, int32_t length, const char *tag,
                                                  int32_t *error_offset, int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  if ((*status > U_ZERO_ERROR)) return nullptr;
  UErrorCode code = U_ZERO_ERROR;
  auto format = std::make_unique<ParleyNumberFormat>();
  UnicodeString argument = from_utf8(text, length);
  switch (kind) {
    case PARLEY_NUMBER_DECIMAL:
    case PARLEY_NUMBER_INTEGER:
    case PARLEY_NUMBER_PATTERN:
      format->legacy.reset(NumberFormat::createInstance(locale, code));
      break;
    case PARLEY_NUMBER_CURRENCY:
      format->legacy.reset(NumberFormat::createCurrencyInstance(locale, code));
      break;
    case PARLEY_NUMBER_PERCENT:
      format->legacy.reset(NumberFormat::createPercentInstance(locale, code));
      break;
    case PARLEY_NUMBER_SKELETON: {
      UParseError parseError;
      parseError.offset = -1;
      number::LocalizedNumberFormatter formatter =
          number::NumberFormatter::forSkeleton(argument, parseError, code).locale(locale);
      if (U_FAILURE(code)) {
        if (error_offset) *error_offset = parseError.offset;
        *status = code;
        return nullptr;
      }
      format->owned = std::make_unique<number::LocalizedNumberFormatter>(std::move(formatter));
      format->modern = format->owned.get();
      *status = code;
      return format.release();
    }
    case PARLEY_NUMBER_SPELLOUT:
    case PARLEY_NUMBER_ORDINAL:
    case PARLEY_NUMBER_DURATION: {
      URBNFRuleSetTag ruleTag = kind == PARLEY_NUMBER_SPELLOUT ? URBNF_SPELLOUT
                                : kind == PARLEY_NUMBER_ORDINAL ? URBNF_ORDINAL
                                                                : URBNF_DURATION;
      auto *rbnf = new RuleBasedNumberFormat(ruleTag, locale, code);
      format->legacy.reset(rbnf);
      if (U_SUCCESS(code) && argument.length() > 0) {
        // As ICU's MessageFormat: the name is used as written (spaces included), and an unknown
        // one is ignored in favour of the default rule set.
        UErrorCode ruleCode = U_ZERO_ERROR;
        rbnf->setDefaultRuleSet(argument, ruleCode);
        format->ruleSet = argument;
      }
      break;
    }
    default:
      code = U_ILLEGAL_ARGUMENT_ERROR;
  }
  if (U_FAILURE(code) || !format->legacy) {
    *status = U_FAILURE(code) ? code : U_MEMORY_ALLOCATION_ERROR;
    return nullptr;
  }
  auto *decimal = dynamic_cast<DecimalFormat *>(format->legacy.get());
  if (decimal != nullptr) {
    if (kind == PARLEY_NUMBER_INTEGER) {
      // MessageFormat::createIntegerFormat
      decimal->setMaximumFractionDigits(0);
      decimal->setDecimalSeparatorAlwaysShown(false);
      decimal->setParseIntegerOnly(true);
    } else if (kind == PARLEY_NUMBER_PATTERN) {
      UParseError parseError;
      parseError.offset = -1;
      decimal->applyPattern(argument, parseError, code);
      if (U_FAILURE(code)) {
        if (error_offset) *error_offset = parseError.offset;
        *status = code;
        return nullptr;
      }
    }
    format->isDecimal = true;
    format->modern = decimal->toNumberFormatter(code);
  }
  *status = code;
  return format.release();
}

extern "C" void parley_number_close(ParleyNumberFormat *format) { delete format; }

extern "C" int32_t parley_number_format_double(const ParleyNumberFormat *format, double value, char *out, int32_t cap,
                                               int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  if (format->legacy) {
    UChar buffer[128];
    UnicodeString text(buffer, 0, 128);
    format->legacy->format(value, text);
    return unicode_out(text, out, cap, status);
  }
  number::FormattedNumber result = format->modern->formatDouble(value, code);
  *status = code;
  return unicode_out(result.toTempString(code), out, cap, status);
}

extern "C" int32_t parley_number_format_int64(const ParleyNumberFormat *format, int64_t value, char *out, int32_t cap,
                                              int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  if (format->legacy) {
    UChar buffer[128];
    UnicodeString text(buffer, 0, 128);
    format->legacy->format(value, text);
    return unicode_out(text, out, cap, status);
  }
  number::FormattedNumber result = format->modern->formatInt(value, code);
  *status = code;
  return unicode_out(result.toTempString(code), out, cap, status);
}

extern "C" int32_t parley_number_format_decimal(const ParleyNumberFormat *format, const char *decimal, int32_t length,
                                                char *out, int32_t cap, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  if (format->modern == nullptr) {  // rule-based formats take doubles only
    Formattable number(StringPiece(decimal, length), code);
    if (U_FAILURE(code)) {
      *status = code;
      return 0;
    }
    UnicodeString text;
    FieldPosition position;
    format->legacy->format(number, text, position, code);
    *status = code;
    return unicode_out(text, out, cap, status);
  }
  number::FormattedNumber result = format->modern->formatDecimal(StringPiece(decimal, length), code);
  *status = code;
  return unicode_out(result.toTempString(code), out, cap, status);
}

extern "C" int32_t parley_number_has_rule_set(const ParleyNumberFormat *format, const char *name, int32_t length) {
  auto *rbnf = dynamic_cast<RuleBasedNumberFormat *>(format->legacy.get());
  if (rbnf == nullptr) return 0;
  UnicodeString wanted = from_utf8(name, length);
  for (int32_t i = 0; i < rbnf->getNumberOfRuleSetNames(); i++) {
    if (rbnf->getRuleSetName(i) == wanted) return 1;
  }
  return 0;
}

extern "C" int32_t parley_number_integer_layout(const ParleyNumberFormat *format, char *symbols, int32_t symbols_cap,
                                                int32_t *grouping, char *prefix, int32_t prefix_cap, char *suffix,
                                                int32_t suffix_cap) {
  auto *decimal = dynamic_cast<DecimalFormat *>(format->legacy.get());
  if (decimal == nullptr) return 0;
  const DecimalFormatSymbols *dfs = decimal->getDecimalFormatSymbols();
  int32_t status = 0;
  int32_t used = 0;
  for (int32_t i = 0; i <= 10; i++) {
    const UnicodeString &symbol =
        i < 10 ? dfs->getConstDigitSymbol(i) : dfs->getConstSymbol(DecimalFormatSymbols::kGroupingSeparatorSymbol);
    used += unicode_out(symbol, symbols + used, symbols_cap - used - 1, &status);
    if (status > U_ZERO_ERROR) return 0;
    symbols[used++] = 0;
  }
  grouping[0] = decimal->isGroupingUsed() ? decimal->getGroupingSize() : 0;
  grouping[1] = decimal->getSecondaryGroupingSize();
  grouping[2] = decimal->getMinimumGroupingDigits();
  UnicodeString affix;
  grouping[3] = unicode_out(decimal->getPositivePrefix(affix), prefix, prefix_cap, &status);
  grouping[4] = unicode_out(decimal->getPositiveSuffix(affix), suffix, suffix_cap, &status);
  return status > U_ZERO_ERROR ? 0 : 1;
}

extern "C" int32_t parley_number_is_decimal(const ParleyNumberFormat *format) { return format->isDecimal; }

// MARK: plural rules

struct ParleyPluralRules {
  std::unique_ptr<PluralRules> rules;
};

extern "C" ParleyPluralRules *parley_plurals_open(const char *tag, int32_t ordinal, int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  if ((*status > U_ZERO_ERROR)) return nullptr;
  UErrorCode code = U_ZERO_ERROR;
  std::unique_ptr<PluralRules> rules(
      PluralRules::forLocale(locale, ordinal ? UPLURAL_TYPE_ORDINAL : UPLURAL_TYPE_CARDINAL, code));
  *status = code;
  if (U_FAILURE(code)) return nullptr;
  return new ParleyPluralRules{std::move(rules)};
}

extern "C" void parley_plurals_close(ParleyPluralRules *rules) { delete rules; }

extern "C" int32_t parley_plurals_select(const ParleyPluralRules *rules, double number) {
  return category_of(rules->rules->select(number));
}

extern "C" int32_t parley_plurals_select_formatted(const ParleyPluralRules *rules, const ParleyNumberFormat *format,
                                                   double number, int32_t *status) {
  if (!format->isDecimal || format->modern == nullptr) return category_of(rules->rules->select(number));
  UErrorCode code = U_ZERO_ERROR;
  number::FormattedNumber formatted = format->modern->formatDouble(number, code);
  UnicodeString keyword = rules->rules->select(formatted, code);
  *status = code;
  return U_SUCCESS(code) ? category_of(keyword) : PARLEY_PLURAL_OTHER;
}

extern "C" int32_t parley_plurals_select_decimal(const ParleyPluralRules *rules, const char *decimal, int32_t length,
                                                 int32_t *status) {
  // Keep the fraction digits as written: "1.0" has one (v = 1), which decides English's 'other'.
  int32_t fraction = 0;
  const char *point = (const char *)std::memchr(decimal, '.', (size_t)length);
  if (point != nullptr) {
    for (const char *c = point + 1; c < decimal + length && *c >= '0' && *c <= '9'; c++) fraction++;
  }
  UErrorCode code = U_ZERO_ERROR;
  number::LocalizedNumberFormatter plain = number::NumberFormatter::with()
                                               .precision(number::Precision::fixedFraction(fraction))
                                               .grouping(UNUM_GROUPING_OFF)
                                               .locale(Locale::getRoot());
  number::FormattedNumber formatted = plain.formatDecimal(StringPiece(decimal, length), code);
  UnicodeString keyword = rules->rules->select(formatted, code);
  *status = code;
  return U_SUCCESS(code) ? category_of(keyword) : PARLEY_PLURAL_OTHER;
}

extern "C" int32_t parley_plurals_select_decimal_formatted(const ParleyPluralRules *rules,
                                                           const ParleyNumberFormat *format, const char *decimal,
                                                           int32_t length, int32_t *status) {
  // MessageFormat 2 selects on the number as its options show it (a scale, fraction digits).
  if (format->modern == nullptr) return parley_plurals_select_decimal(rules, decimal, length, status);
  UErrorCode code = U_ZERO_ERROR;
  number::FormattedNumber formatted = format->modern->formatDecimal(StringPiece(decimal, length), code);
  UnicodeString keyword = rules->rules->select(formatted, code);
  *status = code;
  return U_SUCCESS(code) ? category_of(keyword) : PARLEY_PLURAL_OTHER;
}

extern "C" int32_t parley_plurals_categories(const ParleyPluralRules *rules) {
  UErrorCode code = U_ZERO_ERROR;
  std::unique_ptr<StringEnumeration> keywords(rules->rules->getKeywords(code));
  int32_t set = 0;
  if (U_FAILURE(code) || !keywords) return 1 << PARLEY_PLURAL_OTHER;
  while (const UnicodeString *keyword = keywords->snext(code)) {
    set |= 1 << category_of(*keyword);
  }
  return set;
}

// MARK: date formats

struct ParleyDateFormat {
  std::unique_ptr<DateFormat> format;
};

namespace {

ParleyDateFormat *finish_date(DateFormat *format, const char *time_zone, UErrorCode code, int32_t *status) {
  std::unique_ptr<DateFormat> owned(format);
  if (U_FAILURE(code) || !owned) {
    *status = U_FAILURE(code) ? code : U_UNSUPPORTED_ERROR;
    return nullptr;
  }
  owned->adoptTimeZone(TimeZone::createTimeZone(UnicodeString::fromUTF8(time_zone)));
  *status = code;
  return new ParleyDateFormat{std::move(owned)};
}

}  // namespace

extern "C" ParleyDateFormat *parley_date_open_styles(int32_t date_style, int32_t time_style, const char *tag,
                                                     const char *time_zone, int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  if ((*status > U_ZERO_ERROR)) return nullptr;
  DateFormat *format = DateFormat::createDateTimeInstance((DateFormat::EStyle)date_style,
                                                          (DateFormat::EStyle)time_style, locale);
  return finish_date(format, time_zone, U_ZERO_ERROR, status);
}

extern "C" ParleyDateFormat *parley_date_open_pattern(const char *pattern, int32_t length, const char *tag,
                                                      const char *time_zone, int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  if ((*status > U_ZERO_ERROR)) return nullptr;
  UErrorCode code = U_ZERO_ERROR;
  // MessageFormat creates the locale's default date format, then applies the pattern to it.
  DateFormat *format = DateFormat::createDateInstance(DateFormat::kDefault, locale);
  auto *simple = dynamic_cast<SimpleDateFormat *>(format);
  if (simple != nullptr) simple->applyPattern(from_utf8(pattern, length));
  return finish_date(format, time_zone, code, status);
}

extern "C" ParleyDateFormat *parley_date_open_skeleton(const char *skeleton, int32_t length, const char *tag,
                                                       const char *time_zone, int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  if ((*status > U_ZERO_ERROR)) return nullptr;
  UErrorCode code = U_ZERO_ERROR;
  DateFormat *format = DateFormat::createInstanceForSkeleton(from_utf8(skeleton, length), locale, code);
  return finish_date(format, time_zone, code, status);
}

extern "C" void parley_date_close(ParleyDateFormat *format) { delete format; }

extern "C" int32_t parley_date_format(const ParleyDateFormat *format, double millis, char *out, int32_t cap,
                                      int32_t *status) {
  UChar buffer[128];
  UnicodeString text(buffer, 0, 128);
  format->format->format((UDate)millis, text);
  return unicode_out(text, out, cap, status);
}

extern "C" int32_t parley_date_layout(const ParleyDateFormat *format, char *out, int32_t cap) {
  auto *simple = dynamic_cast<const SimpleDateFormat *>(format->format.get());
  if (simple == nullptr) return 0;
  const Calendar *calendar = simple->getCalendar();
  if (calendar == nullptr || std::strcmp(calendar->getType(), "gregorian") != 0) return 0;
  const TimeZone &zone = simple->getTimeZone();
  if (zone.getRawOffset() != 0 || zone.useDaylightTime()) return 0;
  auto *numbers = dynamic_cast<const DecimalFormat *>(simple->getNumberFormat());
  const DateFormatSymbols *symbols = simple->getDateFormatSymbols();
  if (numbers == nullptr || symbols == nullptr) return 0;

  int32_t used = 0;
  int32_t status = 0;
  auto put = [&](const UnicodeString &text) {
    if (status > U_ZERO_ERROR) return;
    used += unicode_out(text, out + used, cap - used - 1, &status);
    if (status <= U_ZERO_ERROR) out[used++] = 0;
  };
  UnicodeString pattern;
  put(simple->toPattern(pattern));
  for (int32_t digit = 0; digit < 10; digit++) put(numbers->getDecimalFormatSymbols()->getConstDigitSymbol(digit));
  const DateFormatSymbols::DtContextType contexts[] = {DateFormatSymbols::FORMAT, DateFormatSymbols::STANDALONE};
  for (auto context : contexts) {
    for (auto width : {DateFormatSymbols::WIDE, DateFormatSymbols::ABBREVIATED, DateFormatSymbols::NARROW}) {
      int32_t count = 0;
      const UnicodeString *months = symbols->getMonths(count, context, width);
      if (count < 12) return 0;
      for (int32_t i = 0; i < 12; i++) put(months[i]);
    }
  }
  for (auto context : contexts) {
    for (auto width : {DateFormatSymbols::WIDE, DateFormatSymbols::ABBREVIATED, DateFormatSymbols::SHORT,
                       DateFormatSymbols::NARROW}) {
      int32_t count = 0;
      const UnicodeString *days = symbols->getWeekdays(count, context, width);
      if (count < 8) return 0;
      for (int32_t i = 1; i <= 7; i++) put(days[i]);  // ICU's lists start at index 1 (Sunday)
    }
  }
  int32_t count = 0;
  const UnicodeString *eras = symbols->getEras(count);
  if (count < 2) return 0;
  put(eras[0]);
  put(eras[1]);
  eras = symbols->getEraNames(count);
  if (count < 2) return 0;
  put(eras[0]);
  put(eras[1]);
  eras = symbols->getNarrowEras(count);
  if (count < 2) return 0;
  put(eras[0]);
  put(eras[1]);
  const UnicodeString *periods = symbols->getAmPmStrings(count);
  if (count < 2) return 0;
  put(periods[0]);
  put(periods[1]);
  return status > U_ZERO_ERROR ? 0 : used;
}

extern "C" int32_t parley_time_zone_is_known(const char *time_zone) {
  std::unique_ptr<TimeZone> zone(TimeZone::createTimeZone(UnicodeString::fromUTF8(time_zone)));
  return zone && *zone != TimeZone::getUnknown();
}

// MARK: collation

struct ParleyCollator {
  std::unique_ptr<Collator> collator;
};

extern "C" ParleyCollator *parley_collator_open(const char *tag, int32_t strength, int32_t numeric, int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  if ((*status > U_ZERO_ERROR)) return nullptr;
  UErrorCode code = U_ZERO_ERROR;
  std::unique_ptr<Collator> collator(Collator::createInstance(locale, code));
  if (U_FAILURE(code)) {
    *status = code;
    return nullptr;
  }
  collator->setStrength((Collator::ECollationStrength)strength);
  collator->setAttribute(UCOL_NUMERIC_COLLATION, numeric ? UCOL_ON : UCOL_OFF, code);
  *status = code;
  return new ParleyCollator{std::move(collator)};
}

extern "C" void parley_collator_close(ParleyCollator *collator) { delete collator; }

extern "C" int32_t parley_collator_compare(const ParleyCollator *collator, const char *a, int32_t a_length,
                                           const char *b, int32_t b_length, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  UCollationResult result = collator->collator->compareUTF8(StringPiece(a, a_length), StringPiece(b, b_length), code);
  *status = code;
  return (int32_t)result;
}

extern "C" int32_t parley_collator_sort_key(const ParleyCollator *collator, const char *text, int32_t length,
                                            uint8_t *out, int32_t cap, int32_t *status) {
  UnicodeString string = from_utf8(text, length);
  int32_t needed = collator->collator->getSortKey(string, out, cap);
  if (needed > cap) *status = U_BUFFER_OVERFLOW_ERROR;
  return needed;
}

// MARK: word breaking

struct ParleyWordBreaker {
  std::unique_ptr<BreakIterator> prototype;
};

extern "C" ParleyWordBreaker *parley_words_open(const char *tag, int32_t *status) {
  Locale locale = locale_for_tag(tag, status);
  if ((*status > U_ZERO_ERROR)) return nullptr;
  UErrorCode code = U_ZERO_ERROR;
  std::unique_ptr<BreakIterator> iterator(BreakIterator::createWordInstance(locale, code));
  *status = code;
  if (U_FAILURE(code)) return nullptr;
  return new ParleyWordBreaker{std::move(iterator)};
}

extern "C" void parley_words_close(ParleyWordBreaker *breaker) { delete breaker; }

extern "C" int32_t parley_words_split(const ParleyWordBreaker *breaker, const char *text, int32_t length, int32_t *out,
                                      int32_t cap_segments, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  // A break iterator keeps a pointer to its text, so each call works on a clone of its own.
  std::unique_ptr<BreakIterator> iterator(breaker->prototype->clone());
  UText *utext = utext_openUTF8(nullptr, text, length, &code);
  iterator->setText(utext, code);
  int32_t count = 0;
  int32_t start = iterator->first();
  for (int32_t end = iterator->next(); end != BreakIterator::DONE; start = end, end = iterator->next()) {
    if (count < cap_segments) {
      out[count * 3] = start;
      out[count * 3 + 1] = end;
      out[count * 3 + 2] = iterator->getRuleStatus() >= UBRK_WORD_NONE_LIMIT ? 1 : 0;
    }
    count++;
  }
  utext_close(utext);
  if (U_SUCCESS(code) && count > cap_segments) code = U_BUFFER_OVERFLOW_ERROR;
  *status = code;
  return count;
}

// MARK: scripts

extern "C" int32_t parley_script_of(uint32_t code_point) {
  UErrorCode code = U_ZERO_ERROR;
  return (int32_t)uscript_getScript((UChar32)code_point, &code);
}

extern "C" int32_t parley_script_has(uint32_t code_point, int32_t script) {
  return uscript_hasScript((UChar32)code_point, (UScriptCode)script);
}

extern "C" const char *parley_script_code(int32_t script) { return uscript_getShortName((UScriptCode)script); }

extern "C" int32_t parley_script_from_code(const char *code) {
  UScriptCode scripts[4];
  UErrorCode status = U_ZERO_ERROR;
  int32_t count = uscript_getCode(code, scripts, 4, &status);
  return (U_SUCCESS(status) && count > 0) ? (int32_t)scripts[0] : -1;
}

// MARK: Characters

extern "C" int32_t parley_letter_info(uint32_t code_point, int32_t *script, uint32_t *lower) {
  UErrorCode status = U_ZERO_ERROR;
  *script = (int32_t)uscript_getScript((UChar32)code_point, &status);
  *lower = (uint32_t)u_tolower((UChar32)code_point);
  return (U_GET_GC_MASK((UChar32)code_point) & (U_GC_L_MASK | U_GC_M_MASK)) != 0 ? 1 : 0;
}

extern "C" int32_t parley_nfc_utf8(const char *text, int32_t length, char *out, int32_t capacity, int32_t *status) {
  UErrorCode code = U_ZERO_ERROR;
  const icu::Normalizer2 *nfc = icu::Normalizer2::getNFCInstance(code);
  if (U_FAILURE(code)) { *status = code; return 0; }
  // Most text is in NFC already: say so without building a copy.
  if (nfc->isNormalizedUTF8(icu::StringPiece(text, length), code) && U_SUCCESS(code)) { *status = 0; return -1; }
  code = U_ZERO_ERROR;
  std::string result;
  icu::StringByteSink<std::string> sink(&result);
  nfc->normalizeUTF8(0, icu::StringPiece(text, length), sink, nullptr, code);
  *status = code;
  if (U_FAILURE(code)) return 0;
  if ((int32_t)result.size() <= capacity) std::memcpy(out, result.data(), result.size());
  return (int32_t)result.size();
}

// MARK: Charsets

namespace {
/// A converter that stops at the first character or byte it cannot convert.
struct StrictConverter {
  UConverter *converter = nullptr;
  explicit StrictConverter(const char *name, UErrorCode &code) {
    converter = ucnv_open(name, &code);
    if (U_FAILURE(code)) return;
    ucnv_setFromUCallBack(converter, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &code);
    ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &code);
  }
  ~StrictConverter() { if (converter) ucnv_close(converter); }
};
}  // namespace

extern "C" int32_t parley_reread_utf8(const char *text, int32_t length, const char *written_as, const char *read_as,
                                      char *out, int32_t capacity) {
  UErrorCode code = U_ZERO_ERROR;
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(icu::StringPiece(text, length));
  StrictConverter writer(written_as, code);
  if (U_FAILURE(code)) return -1;
  std::vector<char> bytes((size_t)unicode.length() * 4 + 4);
  int32_t written = ucnv_fromUChars(writer.converter, bytes.data(), (int32_t)bytes.size(), unicode.getBuffer(), unicode.length(), &code);
  if (U_FAILURE(code)) return -1;
  StrictConverter reader(read_as, code);
  if (U_FAILURE(code)) return -1;
  std::vector<UChar> read((size_t)written + 4);
  int32_t units = ucnv_toUChars(reader.converter, read.data(), (int32_t)read.size(), bytes.data(), written, &code);
  if (U_FAILURE(code)) return -1;
  std::string result;
  icu::UnicodeString(read.data(), units).toUTF8String(result);
  if ((int32_t)result.size() <= capacity) std::memcpy(out, result.data(), result.size());
  return (int32_t)result.size();
}

// A narrow C interface over the system ICU (libicu).
//
// Why a shim: the system library exports version-suffixed symbols (`ucol_open_72`) that only
// ICU's own headers rename, and a Swift module that sees ICU's C headers next to Foundation
// does not compile (Foundation carries its own ICU). This header therefore exposes no ICU
// type at all: plain C types, UTF-8 strings, and opaque handles. ICU's headers are included
// only by the implementation file, where the renaming happens.
//
// Conventions:
// - Every function that can fail takes `int32_t *status` (an ICU UErrorCode; > 0 is failure).
// - Functions that produce text write UTF-8 into `out` (capacity `cap` bytes, not
//   NUL-terminated) and return the length needed; a result longer than `cap` sets
//   status to U_BUFFER_OVERFLOW_ERROR (15) and the caller retries with a larger buffer.
// - Handles are immutable after creation and safe to use from several threads at once,
//   except where a comment says otherwise.
#ifndef PARLEY_ICU_H
#define PARLEY_ICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The status code ICU uses for a buffer that was too small.
#define PARLEY_BUFFER_OVERFLOW 15

/// A readable name for an ICU status code ("U_ILLEGAL_ARGUMENT_ERROR").
const char *parley_error_name(int32_t status);

/// The version of the ICU library in use, e.g. "72.1".
int32_t parley_icu_version(char *out, int32_t cap);

// MARK: Locales (BCP 47 tags in and out)

/// Parses a BCP 47 tag, applies CLDR canonicalization (aliases, deprecated codes) and
/// writes it back as a BCP 47 tag. Fails on a tag that is not well-formed.
int32_t parley_locale_canonicalize(const char *tag, char *out, int32_t cap, int32_t *status);
/// Adds likely subtags: "zh-TW" -> "zh-Hant-TW".
int32_t parley_locale_add_likely(const char *tag, char *out, int32_t cap, int32_t *status);
/// Removes likely subtags: "zh-Hant-TW" -> "zh-TW".
int32_t parley_locale_minimize(const char *tag, char *out, int32_t cap, int32_t *status);
/// The name of `tag` in the language of `display_tag`.
int32_t parley_locale_display_name(const char *tag, const char *display_tag, char *out, int32_t cap, int32_t *status);
/// The explicit CLDR parent of a locale from ICU's resource data ("es-MX" -> "es-419",
/// "zh-Hant" -> "root"). Writes nothing (returns 0) when the data names no explicit parent.
int32_t parley_locale_explicit_parent(const char *tag, char *out, int32_t cap, int32_t *status);
/// Whether ICU has locale data of its own for exactly this locale (not via fallback).
int32_t parley_locale_has_data(const char *tag);
/// 1 when the locale's script is written right to left.
int32_t parley_locale_is_right_to_left(const char *tag);

/// ICU's LocaleMatcher: the index in `supported` of the best match for the desired
/// locales (in order of preference), or -1 when nothing is close enough.
int32_t parley_locale_match(const char *const *desired, int32_t desired_count,
                            const char *const *supported, int32_t supported_count, int32_t *status);

// MARK: Plural rules

typedef struct ParleyPluralRules ParleyPluralRules;
typedef struct ParleyNumberFormat ParleyNumberFormat;

/// Plural categories as small integers, in CLDR order.
enum {
  PARLEY_PLURAL_ZERO = 0, PARLEY_PLURAL_ONE = 1, PARLEY_PLURAL_TWO = 2,
  PARLEY_PLURAL_FEW = 3, PARLEY_PLURAL_MANY = 4, PARLEY_PLURAL_OTHER = 5
};

ParleyPluralRules *parley_plurals_open(const char *tag, int32_t ordinal, int32_t *status);
void parley_plurals_close(ParleyPluralRules *rules);
/// The category of a plain number (operands taken from the double as it is).
int32_t parley_plurals_select(const ParleyPluralRules *rules, double number);
/// The category of `number` as `format` displays it (1 vs 1.00 differ). With a format that is
/// not decimal (spellout, skeleton), the number itself is used, as ICU's MessageFormat does.
int32_t parley_plurals_select_formatted(const ParleyPluralRules *rules, const ParleyNumberFormat *format,
                                        double number, int32_t *status);
/// The category of a decimal string ("1.50") formatted by a skeleton ("" for as written).
int32_t parley_plurals_select_decimal(const ParleyPluralRules *rules, const char *decimal, int32_t length,
                                      int32_t *status);
/// The category of a decimal as a (modern) number format displays it.
int32_t parley_plurals_select_decimal_formatted(const ParleyPluralRules *rules, const ParleyNumberFormat *format,
                                                 const char *decimal, int32_t length, int32_t *status);
/// Bit set (1 << category) of the categories the locale uses.
int32_t parley_plurals_categories(const ParleyPluralRules *rules);

// MARK: Number formats

/// Kinds of number format, as MessageFormat's `number`, `spellout`, `ordinal`, `duration` styles name them.
enum {
  PARLEY_NUMBER_DECIMAL = 0,   // NumberFormat::createInstance (the default for {n} and #)
  PARLEY_NUMBER_CURRENCY = 1,  // {n, number, currency}
  PARLEY_NUMBER_PERCENT = 2,   // {n, number, percent}
  PARLEY_NUMBER_INTEGER = 3,   // {n, number, integer}: no fraction digits
  PARLEY_NUMBER_PATTERN = 4,   // {n, number, #,##0.00}: a DecimalFormat pattern
  PARLEY_NUMBER_SKELETON = 5,  // {n, number, ::currency/EUR}: a number skeleton
  PARLEY_NUMBER_SPELLOUT = 6,  // rule-based, `text` names the rule set ("" for default)
  PARLEY_NUMBER_ORDINAL = 7,
  PARLEY_NUMBER_DURATION = 8
};

/// Opens a number format. `text` is the pattern, skeleton or rule-set name (UTF-8).
/// On a bad pattern or skeleton, `error_offset` (when not NULL) receives the position in `text`.
ParleyNumberFormat *parley_number_open(int32_t kind, const char *text, int32_t length, const char *tag,
                                       int32_t *error_offset, int32_t *status);
void parley_number_close(ParleyNumberFormat *format);
int32_t parley_number_format_double(const ParleyNumberFormat *format, double value, char *out, int32_t cap, int32_t *status);
int32_t parley_number_format_int64(const ParleyNumberFormat *format, int64_t value, char *out, int32_t cap, int32_t *status);
int32_t parley_number_format_decimal(const ParleyNumberFormat *format, const char *decimal, int32_t length,
                                     char *out, int32_t cap, int32_t *status);
/// Whether a rule-based format has the rule set it was asked for (ICU ignores an unknown one).
int32_t parley_number_has_rule_set(const ParleyNumberFormat *format, const char *name, int32_t length);
/// How a DecimalFormat lays out a non-negative integer, for callers that format integers
/// themselves: the ten digits and the grouping separator (UTF-8, '\0'-separated in `symbols`,
/// digits first, separator last), the primary and secondary grouping sizes, the minimum
/// grouping digits, and the positive prefix and suffix (UTF-8). Returns 0 when the format is
/// not a plain DecimalFormat.
int32_t parley_number_integer_layout(const ParleyNumberFormat *format, char *symbols, int32_t symbols_cap,
                                     int32_t *grouping, char *prefix, int32_t prefix_cap, char *suffix,
                                     int32_t suffix_cap);
/// Whether the format is a DecimalFormat (ICU's MessageFormat selects plurals on its output).
int32_t parley_number_is_decimal(const ParleyNumberFormat *format);

// MARK: Date formats

typedef struct ParleyDateFormat ParleyDateFormat;

/// Styles: -1 none, 0 full, 1 long, 2 medium, 3 short (ICU's UDateFormatStyle).
ParleyDateFormat *parley_date_open_styles(int32_t date_style, int32_t time_style, const char *tag,
                                          const char *time_zone, int32_t *status);
/// A SimpleDateFormat pattern ("d MMM y").
ParleyDateFormat *parley_date_open_pattern(const char *pattern, int32_t length, const char *tag,
                                           const char *time_zone, int32_t *status);
/// A date skeleton ("yMMMd"), resolved to the locale's best pattern.
ParleyDateFormat *parley_date_open_skeleton(const char *skeleton, int32_t length, const char *tag,
                                            const char *time_zone, int32_t *status);
void parley_date_close(ParleyDateFormat *format);
/// Formats milliseconds since 1970-01-01T00:00:00Z.
int32_t parley_date_format(const ParleyDateFormat *format, double millis, char *out, int32_t cap, int32_t *status);
/// What a caller needs to format dates of this format itself, for a Gregorian format in a
/// zone that is always UTC: the pattern, then the 10 digits, the 6 month lists (format wide,
/// abbreviated, narrow; standalone wide, abbreviated, narrow; 12 each), the 8 weekday lists
/// (format wide, abbreviated, short, narrow; standalone the same; 7 each, Sunday first), eras
/// (abbreviated, wide, narrow; BC then AD) and AM/PM, each UTF-8 and followed by '\0'.
/// Returns the bytes written, or 0 when the format does not qualify (or `cap` is too small).
int32_t parley_date_layout(const ParleyDateFormat *format, char *out, int32_t cap);
/// Whether ICU knows the time zone ID (an unknown one silently becomes GMT in ICU).
int32_t parley_time_zone_is_known(const char *time_zone);

// MARK: Collation

typedef struct ParleyCollator ParleyCollator;

/// Strength: 0 primary, 1 secondary, 2 tertiary (default), 3 quaternary, 15 identical.
ParleyCollator *parley_collator_open(const char *tag, int32_t strength, int32_t numeric, int32_t *status);
void parley_collator_close(ParleyCollator *collator);
/// -1, 0 or 1.
int32_t parley_collator_compare(const ParleyCollator *collator, const char *a, int32_t a_length,
                                const char *b, int32_t b_length, int32_t *status);
/// A binary sort key: comparing keys bytewise orders strings as `compare` does.
int32_t parley_collator_sort_key(const ParleyCollator *collator, const char *text, int32_t length,
                                 uint8_t *out, int32_t cap, int32_t *status);

// MARK: Word breaking

typedef struct ParleyWordBreaker ParleyWordBreaker;

ParleyWordBreaker *parley_words_open(const char *tag, int32_t *status);
void parley_words_close(ParleyWordBreaker *breaker);
/// Splits UTF-8 text into segments. Writes (start, end, is_word) triples as UTF-8 offsets into
/// `out` (3 ints per segment) and returns the number of segments. Thread-safe: each call
/// works on its own clone of the iterator.
int32_t parley_words_split(const ParleyWordBreaker *breaker, const char *text, int32_t length,
                           int32_t *out, int32_t cap_segments, int32_t *status);

// MARK: Scripts

/// ISO 15924 script code of a code point as ICU's UScriptCode (0 Common, 1 Inherited, ...).
int32_t parley_script_of(uint32_t code_point);
/// Whether the code point is used with the script (Script_Extensions).
int32_t parley_script_has(uint32_t code_point, int32_t script);
/// Four-letter ISO 15924 code ("Latn") of a UScriptCode.
const char *parley_script_code(int32_t script);
/// The UScriptCode of a four-letter code, or -1.
int32_t parley_script_from_code(const char *code);

// MARK: Characters

/// For language detection, in one call per code point: its UScriptCode (`script`), its simple
/// lowercase mapping (`lower`), and whether it is a letter or a mark (general category L* or M*),
/// returned as 1 or 0.
int32_t parley_letter_info(uint32_t code_point, int32_t *script, uint32_t *lower);

/// Unicode NFC of UTF-8 text into `out`; returns the length needed (call again with a larger
/// buffer when it exceeds `capacity`), or -1 when the text is in NFC already (nothing written).
int32_t parley_nfc_utf8(const char *text, int32_t length, char *out, int32_t capacity, int32_t *status);

/// UTF-8 text written in the charset `written_as` (ICU converter name), then read back as the
/// charset `read_as`, into `out` as UTF-8: the inverse of a mojibake (bytes of `read_as` shown as
/// `written_as`). Strict both ways: returns -1 when a character has no byte in `written_as` or the
/// bytes are not valid `read_as`; else the length needed (call again when it exceeds `capacity`).
int32_t parley_reread_utf8(const char *text, int32_t length, const char *written_as, const char *read_as,
                           char *out, int32_t capacity);

#ifdef __cplusplus
}
#endif

#endif

using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>What kind of checkable fact a piece of text states.</summary>
internal enum FactKind
{
    /// <summary>A number: with decimals, a unit, a currency, a scale word, a percent sign, or two or more digits.</summary>
    Number,

    /// <summary>A calendar date (ISO or written with a month name).</summary>
    Date,

    /// <summary>An identifier: a flight number, an order or ticket id, a code of letters and digits.</summary>
    Identifier,

    /// <summary>A URL.</summary>
    Url,

    /// <summary>A quoted name or title.</summary>
    Name,
}

/// <summary>A checkable fact stated in text, as written and normalised.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Written">The fact exactly as it appears in the text.</param>
/// <param name="Key">The normalised form compared across spans: equal for equivalent forms (<c>4.7 billion</c> = <c>4,700,000,000</c>).</param>
/// <param name="Index">Where it starts in the text.</param>
/// <param name="Value">For numbers, the value with its scale applied.</param>
/// <param name="Dimension">For numbers, the currency, unit or percent sign it carries ("" for a bare number).</param>
/// <param name="Precision">For numbers, half a unit of the last written digit (scale applied): the rounding a writer allows.</param>
/// <param name="Reference">For numbers, true when the number names a part of a document ("rule 3.4", "section 12") or a
/// period ("FY2021"): it is stated or not, never computed or rounded, and no operand of a computation.</param>
internal sealed record Fact(FactKind Kind, string Written, string Key, int Index, decimal Value = 0, string Dimension = "", decimal Precision = 0, bool Reference = false)
{
    /// <summary>True for a bare number: no decimals, unit, currency, scale or percent; written plainly.</summary>
    public bool IsBareNumber => Kind == FactKind.Number && Dimension.Length == 0 && !Written.Contains('.', StringComparison.Ordinal);
}

/// <summary>
/// Extracts the facts an answer could invent, and says when two written forms state the same fact:
/// numbers with decimals, units, currencies and scale words (<c>$4.7 billion</c>, <c>18.2%</c>, <c>737,015</c>,
/// <c>3.5 kg</c>), dates, identifiers (flight numbers, order ids), URLs and quoted names. Bare one-digit
/// numbers ("3 steps") are not facts. Text is scanned left to right by a few regular expressions, one kind of fact
/// after another (each blanking out what the earlier ones matched). The patterns for dates, identifiers and numbers
/// are anchored and tried only where a match can start (a short scan finds those places: a digit nearby, no letter or
/// digit right before), which is where the leftmost-first search of the unanchored pattern finds its matches: the same
/// matches, without trying the pattern at every word of prose.
/// </summary>
internal static partial class Facts
{
    [GeneratedRegex(@"https?://[^\s""'<>()\[\]{}\\`]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    // Each pattern below is anchored (\G): it is tried at one position, one the scans (DateStart, IdentifierStart,
    // NumberStart) found a match may start at. Its lookbehinds still see the text before that position.
    private const string Date = @"\b(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b|\b(?<d>\d{1,2})(?:st|nd|rd|th)? (?<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,? (?<y>\d{4})\b|\b(?<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.? (?<d>\d{1,2})(?:st|nd|rd|th)?,? (?<y>\d{4})\b|\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?:[ap]m|[AP]M)\b|\b)";

    [GeneratedRegex(@"\G(?:" + Date + ")", RegexOptions.CultureInvariant)]
    private static partial Regex DateAt();

    // Flight numbers (LH 442, BA117), order and ticket ids (ORD-88412, INC0012345, #A7731): letters and digits together.
    // The last alternative is a candidate code (QX7R2P, A1B2C3, k9f2zq): one word of 4 to 12 letters and digits with
    // both in it, not part of a dotted, dashed or slashed token (3.5GB, gpt-4o, v1.2.3, a UUID); whether it is a code is
    // decided by IsCode from its shape and the label before it.
    private const string Identifier = @"(?<![\w-])(?:[A-Z]{2,4}|[A-Z]\d|\d[A-Z])[- ]?\d{2,}(?:-?[A-Z0-9]+)*(?![\w])|(?<![\w#])#[A-Z0-9]*\d[A-Z0-9-]*\b|(?<![\w\-./@#$€£¥])(?=[A-Za-z0-9]{4,12}(?![\w\-@]|[./]\w))(?<code>[A-Za-z]+\d|\d+[A-Za-z])[A-Za-z0-9]*";

    [GeneratedRegex(@"\G(?:" + Identifier + ")", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierAt();

    private const string Number = @"(?<cur>[$€£¥]|US\$|USD ?|EUR ?|GBP ?)?(?<![\w.\-/])(?:(?<!,)|(?<=\d{4},)(?=\d{4}))(?<num>\d{1,3}(?:,\d{3})+|\d+)(?<dec>\.\d+)?(?!\d|\.\d|,\d{1,3}(?!\d)|(?<!\d{4}),\d)(?:\s?(?<pct>%|percent\b|per cent\b)|\s?(?<scale>thousand|million|billion|trillion|bn|mn|[kKMB])\b)?(?:\s?(?<unit>kg|g|mg|lb|lbs|pounds|oz|km|m|cm|mm|mi|miles|ft|feet|ml|liters|litres|gal|kilometres|kilometers|kilometre|kilometer|metres|meters|metre|meter|centimetres|centimeters|millimetres|millimeters|kilograms|kilogram|kilos|grams|tonnes|tonne|yards|inches|°[CF]|[CF]°|hours?|hrs?|h|minutes?|mins?|seconds?|secs?|(?:working|business) days?|days?|years?|USD|EUR|GBP|dollars|euros)\b)?(?![\w])";

    [GeneratedRegex(@"\G(?:" + Number + ")", RegexOptions.CultureInvariant)]
    private static partial Regex NumberAt();

    // The patterns' groups by number (read once): a group by number is an array read, by name a table lookup.
    private static readonly int DateYear = DateAt().GroupNumberFromName("y");
    private static readonly int DateMonth = DateAt().GroupNumberFromName("m");
    private static readonly int DateDay = DateAt().GroupNumberFromName("d");
    private static readonly int DateMonthName = DateAt().GroupNumberFromName("mon");
    private static readonly int IdentifierCode = IdentifierAt().GroupNumberFromName("code");
    private static readonly int NumberCurrency = NumberAt().GroupNumberFromName("cur");
    private static readonly int NumberDigits = NumberAt().GroupNumberFromName("num");
    private static readonly int NumberDecimals = NumberAt().GroupNumberFromName("dec");
    private static readonly int NumberPercent = NumberAt().GroupNumberFromName("pct");
    private static readonly int NumberScale = NumberAt().GroupNumberFromName("scale");
    private static readonly int NumberUnit = NumberAt().GroupNumberFromName("unit");

    [GeneratedRegex(@"""([^""\n]{2,80})""(?!\s*:)|“([^”\n]{2,80})”|'([A-Z][^'\n]{1,78})'(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"[\p{L}\p{N}]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    private static readonly System.Buffers.SearchValues<char> DigitsAndComma = System.Buffers.SearchValues.Create("0123456789,");

    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // ISO 4217 codes other than the three the number pattern reads as currencies: an amount after one is no identifier.
    // The schemes of standard numbers, whose name is written before the number as a label.
    private static readonly string[] Schemes = ["ISBN", "ISSN", "EAN", "UPC", "GTIN", "OCLC"];

    // "FY2021", "FY 2021": the year of a fiscal year written short; null for any other id.
    internal static int? FiscalYear(ReadOnlySpan<char> id)
    {
        if (id.Length is < 6 or > 7 || !id.StartsWith("FY", StringComparison.Ordinal)) return null;
        var digits = id[2..].TrimStart(' ');
        return digits.Length == 4 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2100 ? year : null;
    }

    internal static bool SchemeLabel(ReadOnlySpan<char> id)
    {
        foreach (var scheme in Schemes)
        {
            if (id.Length > scheme.Length + 1 && id.StartsWith(scheme, StringComparison.Ordinal) && id[scheme.Length] is ' ' or '-') return true;
        }

        return false;
    }

    private static readonly HashSet<string> CurrencyCodes = new(StringComparer.Ordinal)
    {
        "NOK", "SEK", "DKK", "ISK", "CHF", "PLN", "CZK", "HUF", "RON", "BGN", "TRY", "JPY", "CNY", "HKD", "SGD", "KRW", "INR", "IDR", "THB", "MYR",
        "PHP", "VND", "AUD", "NZD", "CAD", "MXN", "BRL", "ARS", "CLP", "COP", "ZAR", "AED", "SAR", "QAR", "ILS", "EGP", "NGN", "KES",
    };

    // Words that introduce a code (booking reference, PNR, confirmation, order id...), matched as the start of a word
    // (bookingRef, confirmation_code, order_id), and the words that may stand between such a label and its code.
    private static readonly string[] CodeLabels =
        ["booking", "confirmation", "reservation", "reference", "ref", "pnr", "locator", "order", "ticket", "voucher", "invoice", "tracking", "itinerary", "coupon", "promo"];

    private static readonly string[] LabelFillers = ["number", "no", "nr", "num", "code", "id", "is", "was", "your", "the", "my", "a"];

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>The month (1 to 12) a month name or its abbreviation names ("Sept", "march"); 0 for none.</summary>
    internal static int MonthOf(string name) => name.Length < 3 ? 0 : Array.IndexOf(Months, name[..3].ToLowerInvariant()) + 1;

    /// <summary>The facts in the text, in order of appearance.</summary>
    public static List<Fact> Extract(string text)
    {
        var facts = new List<Fact>();
        if (string.IsNullOrEmpty(text)) return facts;
        char[]? masked = null;
        var changed = false;

        void Mask(int start, int length)
        {
            masked ??= text.ToCharArray();
            for (var i = start; i < start + length && i < masked.Length; i++) masked[i] = ' ';
            changed = true;
        }

        // The text with what earlier patterns matched blanked out; copied again only when something new was masked.
        var current = text;
        void Refresh()
        {
            if (changed) current = new string(masked);
            changed = false;
        }

        // Dates, identifiers and numbers all need a digit (\d is any Unicode digit: text with other than ASCII is
        // always read), URLs "http", names a quotation mark: a pattern that cannot match is not run.
        var span = text.AsSpan();
        var digits = span.IndexOfAnyInRange('0', '9') >= 0 || !System.Text.Ascii.IsValid(span);
        var urls = span.IndexOf("http", StringComparison.Ordinal) >= 0;
        var quotes = span.IndexOfAny('"', '“', '\'') >= 0;
        // Match and NextMatch walk the matches as Matches does, without keeping a collection of them.
        // Patterns whose matches need no groups are enumerated without a Match object per match.
        if (urls)
        {
            foreach (var m in UrlPattern().EnumerateMatches(text))
            {
                var url = text.AsSpan(m.Index, m.Length).TrimEnd(".,;:!?").ToString();
                facts.Add(new Fact(FactKind.Url, url, "u:" + NormaliseUrl(url), m.Index));
                Mask(m.Index, m.Length);
            }
        }

        Refresh();
        // A phone number ("(612) 555-0139", "+44 20 7946 0958") is one identifier, not two or three figures.
        if (digits && (span.IndexOf('(') >= 0 || span.IndexOf('+') >= 0 || span.IndexOf('-') >= 0 || span.IndexOf('.') >= 0)) PhoneNumbers(current, facts, Mask);
        Refresh();
        // One dialled within its country ("07700 900318"): one identifier too.
        if (digits && MayBeNationalPhone(span)) NationalPhoneNumbers(current, facts, Mask);

        Refresh();
        // Numbers and dates written the continental European way: "18.400,00", "460,00", "12.05.2025".
        if (digits && MayBeContinental(span)) ContinentalNumbers(current, facts, Mask);

        Refresh();
        // Dates written with slashes (04/05/2026), read only where the text says which field is the day: by a declared
        // format (DD/MM/YYYY) or by a date whose day cannot be a month (27/03/2026). Where it does not, they are no facts.
        if (digits && span.IndexOf('/') >= 0) SlashDates(current, facts, Mask);

        Refresh();
        // A time taken, in minutes, seconds and hundredths ("1:32.15" for a heat, "3:41.862" for a pursuit): one figure in
        // seconds, not a clock time and a number.
        if (digits && MayHoldDuration(span)) Durations(current, facts, Mask);

        Refresh();
        // Each scan below walks the places a match may start (in order), tries the anchored pattern there and, after a
        // match, goes on from its end: the matches, one after another, that a search with the unanchored pattern finds.
        for (var at = digits ? DateStart(current, 0) : -1; at >= 0;)
        {
            var m = DateAt().Match(current, at);
            if (!m.Success)
            {
                at = DateStart(current, at + 1);
                continue;
            }

            if (m.Groups[DateYear].Success && DateKey(m) is { } key) facts.Add(new Fact(FactKind.Date, m.Value, key, m.Index));
            Mask(m.Index, m.Length);
            at = DateStart(current, m.Index + m.Length);
        }

        Refresh();
        // A number printed in three or more groups of digits ("2001 4487 2210", "020 7946 0958") is the one number its
        // digits make, not three figures.
        if (digits) SpacedNumbers(current, facts, Mask);

        Refresh();
        if (digits)
        {
            for (var at = IdentifierStart(current, 0); at >= 0;)
            {
                if (!MatchAt(IdentifierAt(), current, at, out var index, out var length))
                {
                    at = IdentifierStart(current, at + 1);
                    continue;
                }

                at = IdentifierStart(current, index + length);
                var id = current.AsSpan(index, length);
                // A place in a queue or a ranking (#2, #17) is no identifier: an id after '#' has three digits or more or a letter.
                if (id.Length <= 3 && id[0] == '#' && id[1..].IndexOfAnyExcept("0123456789") < 0) continue;
                // A currency code with an amount (USD 120) is a number, not an id.
                if (id.Length >= 4 && (id.StartsWith("USD", StringComparison.Ordinal) || id.StartsWith("EUR", StringComparison.Ordinal) || id.StartsWith("GBP", StringComparison.Ordinal))) continue;
                // So is any other ISO currency code before an amount (NOK 285,700, CHF 1,250.00).
                if (id.Length >= 5 && id[3] == ' ' && CurrencyCodes.Contains(id[..3].ToString())) continue;
                // A standard number's scheme written before it (ISBN 9781785152634, ISSN 0028-0836) is its label: the
                // number is the fact, the same one a record gives as "isbn": "9781785152634".
                if (SchemeLabel(id)) continue;
                var written = id.ToString();
                // A fiscal year written short ("FY2021", "FY 2021") is the year: "fiscal year 2021" states the same. It
                // names a period, as a section number names a part: no figure to compute with.
                if (FiscalYear(id) is { } year)
                {
                    facts.Add(new Fact(FactKind.Number, written, "n:" + year.ToString(CultureInfo.InvariantCulture), index, year, "", 0.5m, Reference: true));
                    Mask(index, length);
                    continue;
                }

                // One word of letters and digits that the flight-number and order-id shapes do not take is a candidate code.
                // (Matched again at its place for its groups only then: the other shapes are the common case.)
                if (id.IndexOfAnyExcept(AsciiLettersAndDigits) < 0 && IdentifierAt().Match(current, index).Groups[IdentifierCode].Success
                    && !IsCode(current, index, length)) continue;
                facts.Add(new Fact(FactKind.Identifier, written, "i:" + NormaliseId(written), index));
                Mask(index, length);
            }
        }

        Refresh();
        if (digits)
        {
            for (var at = NumberStart(current, 0); at >= 0;)
            {
                if (!MatchAt(NumberAt(), current, at, out var index, out var length))
                {
                    at = NumberStart(current, at + 1);
                    continue;
                }

                at = NumberStart(current, index + length);
                // A bare number (only ASCII digits and commas) with fewer than two significant digits is no fact: the
                // common case, screened without a Match. Any other match is matched again at its place for its groups
                // (the same match: the pattern is tried at the same place and sees the text before it).
                var value = current.AsSpan(index, length);
                if (value.IndexOfAnyExcept(DigitsAndComma) < 0 && SignificantDigits(value) < 2) continue;
                if (DayOfMonth(current, index, length)) continue;
                if (ReadNumber(NumberAt().Match(current, index)) is { } fact) facts.Add(Placed(fact, current, index));
            }
        }

        // In JSON every string value is quoted: quotes mark names only in prose.
        var json = text.TrimStart() is { Length: > 0 } trimmed && trimmed[0] is '{' or '[';
        IEnumerable<Match> quoted = json || !quotes ? [] : QuotedPattern().Matches(current);
        foreach (var m in quoted)
        {
            var name = m.Groups[1].Success ? m.Groups[1] : m.Groups[2].Success ? m.Groups[2] : m.Groups[3];
            var value = name.Value.Trim();
            // A name has a capital letter; quoted lower-case words are usually keys or plain phrases.
            // A sentence in quotes (a JSON string value, a quoted question) is not a name.
            if (value.Length < 2 || !value.Any(char.IsUpper) || value.Split(' ').Length > 6 || value[^1] is '?' or '.' or '!' or ':') continue;
            // A mark for a value not there yet ('TBD', 'N/A', "Pending") names nothing.
            if (IsPlaceholder(value)) continue;
            // An identifier-like token (call_fR2u8QnY, snake_case keys) is not a name.
            if (value.Contains('_', StringComparison.Ordinal) || (!value.Contains(' ', StringComparison.Ordinal) && value.Any(char.IsDigit))) continue;
            // A format string's template ("Total: £{total:.2f}", "%s items") names nothing: its values come when it runs.
            if (value.AsSpan().IndexOfAny('{', '}') >= 0 || value.Contains("%s", StringComparison.Ordinal) || value.Contains("%d", StringComparison.Ordinal)) continue;
            facts.Add(new Fact(FactKind.Name, name.Value, "q:" + value.ToLowerInvariant(), name.Index));
        }

        facts.Sort((a, b) => a.Index.CompareTo(b.Index));
        return facts;
    }

    /// <summary>Where an anchored pattern matches when tried at <paramref name="at"/>, without a <see cref="Match"/>.</summary>
    private static bool MatchAt(Regex anchored, string text, int at, out int index, out int length)
    {
        var matches = anchored.EnumerateMatches(text, at);
        if (matches.MoveNext())
        {
            (index, length) = (matches.Current.Index, matches.Current.Length);
            return true;
        }

        (index, length) = (0, 0);
        return false;
    }

    // Every pattern's lookbehind or \b refuses a match that starts right after a word character (\w): a letter, digit or
    // underscore in ASCII. A character beyond ASCII is never taken as one here (some are \w, some are not: the anchored
    // pattern decides), nor as a non-digit (\d is any script's digit).
    private static bool AfterAsciiWordChar(string text, int at) => at > 0 && (char.IsAsciiLetterOrDigit(text[at - 1]) || text[at - 1] == '_');

    // ASCII characters that are no digit (and, for identifiers, no '#'): a run of them holds no digit of a match.
    private static readonly SearchValues<char> AsciiNoDigit = SearchValues.Create(AsciiExcept("0123456789"));
    private static readonly SearchValues<char> AsciiNoDigitOrHash = SearchValues.Create(AsciiExcept("0123456789#"));
    private static readonly SearchValues<char> AsciiNoNumberStart = SearchValues.Create(AsciiExcept("0123456789$UEG"));
    private static readonly SearchValues<char> AsciiNoDateStart = SearchValues.Create(AsciiExcept("0123456789JFMASOND"));

    private static string AsciiExcept(string kept)
    {
        var chars = new System.Text.StringBuilder(128);
        for (var c = '\0'; c < '\x80'; c++)
        {
            if (!kept.Contains(c, StringComparison.Ordinal)) chars.Append(c);
        }

        return chars.ToString();
    }

    // True when a digit (or a character beyond ASCII, which may be one) is among text[from..to], to exclusive.
    private static bool DigitIn(string text, int from, int to) =>
        text.AsSpan(from, Math.Min(to, text.Length) - from).IndexOfAnyExcept(AsciiNoDigit) >= 0;

    /// <summary>
    /// The first place at or after <paramref name="from"/> where a date or a time can start, at a word boundary: a
    /// digit (any script's) that starts a date or time, or the capital of a month name with a digit within the next 12
    /// characters (<c>September. 9</c>: a month name of at most 9 letters, a dot and a space, then the day). -1 when
    /// there is none. A run of ASCII digits starts a date or time only as the 4-digit year of <c>2024-03-15</c>
    /// (a '-' next), or as the 1 or 2 digits of a day or an hour (<c>15 March</c>, <c>15th</c>, <c>9:30</c>: a space,
    /// the s, n, r or t of a suffix, or ':' next); with any other character (or none) after it, no pattern matches there.
    /// </summary>
    private static int DateStart(string text, int from)
    {
        for (var at = from; at < text.Length; at++)
        {
            var next = text.AsSpan(at).IndexOfAnyExcept(AsciiNoDateStart);
            if (next < 0) return -1;
            at += next;
            if (AfterAsciiWordChar(text, at)) continue;
            var c = text[at];
            if (c > '\x7f') return at;
            if (char.IsAsciiDigit(c))
            {
                var digits = text.AsSpan(at).IndexOfAnyExceptInRange('0', '9');
                if (digits < 0) return -1;
                var after = text[at + digits];
                if (after > '\x7f' || (digits == 4 && after == '-') || (digits <= 2 && after is ' ' or ':' or 's' or 'n' or 'r' or 't')) return at;
                at += digits - 1;
            }
            else if (DigitIn(text, at + 1, at + 13))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>
    /// The first place at or after <paramref name="from"/> where an identifier can start: a letter, a digit or '#'
    /// that follows no word character, with a digit at most 12 characters on (a flight number or order id has one
    /// within its first 6, a candidate code is at most 12 long) or itself a '#' (an order id: <c>#A7731</c>). -1 when
    /// there is none. The digits and '#' are found first; only the 12 places before each are looked at.
    /// </summary>
    private static int IdentifierStart(string text, int from)
    {
        while (from < text.Length)
        {
            var next = text.AsSpan(from).IndexOfAnyExcept(AsciiNoDigitOrHash);
            if (next < 0) return -1;
            var digit = from + next;
            for (var at = Math.Max(from, digit - 12); at <= digit; at++)
            {
                var c = text[at];
                if ((char.IsAsciiLetterOrDigit(c) || c is '#' or > '\x7f') && !AfterAsciiWordChar(text, at)) return at;
            }

            from = digit + 1;
        }

        return -1;
    }

    // True when the comma at the position stands between two runs of four digits or more: it separates values
    // ("[28000,32000]"), as no thousands group has four digits (and a decimal comma has fewer after it).
    private static bool SeparatingComma(string text, int at)
    {
        if (at < 4 || at + 4 >= text.Length) return false;
        for (var i = 1; i <= 4; i++)
        {
            // Any script's digits, as the pattern's \d reads them.
            if (!char.IsDigit(text[at - i]) || !char.IsDigit(text[at + i])) return false;
        }

        return true;
    }

    /// <summary>
    /// The first place at or after <paramref name="from"/> where a number that can be a fact can start: a digit (any
    /// script's) after neither a word character nor <c>. , - /</c> (a comma between runs of four digits separates values), or a currency (<c>$ € £ ¥ US$ USD EUR GBP</c>). -1
    /// when there is none. A run of ASCII digits with fewer than two significant digits (<c>7</c>, <c>0</c>, <c>05</c>)
    /// followed by the end of the text or by an ASCII character that no part of the pattern takes (not a letter, digit,
    /// underscore, space or control character, nor <c>. , %</c>) is passed over: the pattern can match there only the
    /// bare run itself, which is no fact, and the search goes on after the run either way (a digit after a digit starts nothing).
    /// </summary>
    private static int NumberStart(string text, int from)
    {
        for (var at = from; at < text.Length; at++)
        {
            var next = text.AsSpan(at).IndexOfAnyExcept(AsciiNoNumberStart);
            if (next < 0) return -1;
            at += next;
            var c = text[at];
            if (c is '$' or > '\x7f') return at;
            if (char.IsAsciiDigit(c))
            {
                if (AfterAsciiWordChar(text, at) || (at > 0 && (text[at - 1] is '.' or '-' or '/' || (text[at - 1] == ',' && !SeparatingComma(text, at - 1))))) continue;
                var digits = text.AsSpan(at).IndexOfAnyExceptInRange('0', '9');
                if (digits < 0) digits = text.Length - at;
                if (at + digits < text.Length && (text[at + digits] is not (> ' ' and < '\x7f') or '.' or ',' or '%' or '_' || char.IsAsciiLetter(text[at + digits]))) return at;
                if (SignificantDigits(text.AsSpan(at, digits)) >= 2) return at;
                at += digits - 1;
            }
            else if (text.AsSpan(at).StartsWith("US$", StringComparison.Ordinal) || text.AsSpan(at).StartsWith("USD", StringComparison.Ordinal)
                || text.AsSpan(at).StartsWith("EUR", StringComparison.Ordinal) || text.AsSpan(at).StartsWith("GBP", StringComparison.Ordinal))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>
    /// True when a word of letters and digits (that the flight-number and order-id shapes did not take) is a code: one a
    /// label introduces (<c>PNR: abc12d</c>, <c>order A1B2C3</c>, <c>"confirmation_code": "K9F2ZQ"</c>), 5 to 10
    /// characters; or, without a label, one shaped like a booking reference (<c>QX7R2P</c>): 5 to 10 characters, upper
    /// case, two or more letters and two or more digits, alternating at least twice. A number with a unit or suffix
    /// (512GB, 1080P, 3rd), a name with a version (COVID19, GPT4O, LLAMA3B), an upper-case hex string (3A5F8C2D) or a token holding a year (Q3FY2025) is
    /// not a code by its shape alone.
    /// </summary>
    internal static bool IsCode(string text, int start, int length)
    {
        if (length is < 5 or > 10) return false;
        var word = text.AsSpan(start, length);
        if (Labelled(text, start)) return true;
        var transitions = 0;
        var hexLetters = true;
        var digitRun = 0;
        var runStart = -1;
        var digits = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (char.IsAsciiLetterLower(c)) return false;
            if (i > 0 && char.IsAsciiDigit(c) != char.IsAsciiDigit(word[i - 1])) transitions++;
            if (char.IsAsciiDigit(c))
            {
                digits++;
                if (digitRun++ == 0) runStart = i;
                if (digitRun == 4 && word[runStart] is '1' or '2' && word[runStart + 1] is '9' or '0' && (i + 1 == word.Length || !char.IsAsciiDigit(word[i + 1]))) return false;
            }
            else
            {
                digitRun = 0;
                if (c > 'F') hexLetters = false;
            }
        }

        return transitions >= 2 && digits >= 2 && word.Length - digits >= 2 && !hexLetters;
    }

    // A label word (or a label word and up to two fillers: "booking reference is", "order no.") right before the code.
    private static bool Labelled(string text, int start)
    {
        var i = start;
        for (var words = 0; words < 3; words++)
        {
            while (i > 0 && (char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '"' or '\'' or ':' or '=' or '#' or '_' or '-' or '.' or '(')) i--;
            var end = i;
            while (i > 0 && end - i < 24 && char.IsAsciiLetter(text[i - 1])) i--;
            if (i == end || (i > 0 && char.IsAsciiLetterOrDigit(text[i - 1]))) return false;
            var word = text.AsSpan(i, end - i);
            foreach (var label in CodeLabels)
            {
                if (word.StartsWith(label, StringComparison.OrdinalIgnoreCase)) return true;
            }

            var filler = false;
            foreach (var f in LabelFillers)
            {
                if (word.Equals(f, StringComparison.OrdinalIgnoreCase)) filler = true;
            }

            if (!filler) return false;
        }

        return false;
    }

    [GeneratedRegex(@"(?:\b(?:rules?|sections?|clauses?|articles?|paragraphs?|paras?|regulations?|chapters?|schedules?|appendix|annex|conditions?)|§)\s?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartWord();

    /// <summary>
    /// A bare number read where it stands: after the word for a part of a document it names that part; as the value of
    /// a JSON property named for a currency (<c>"price_per_player_gbp": 24.0</c>, <c>"amountUsd": 12</c>) it is an amount
    /// of that currency.
    /// </summary>
    internal static Fact Placed(Fact fact, string text, int index)
    {
        if (fact.Dimension.Length != 0) return fact;
        if (NamesAPart(text, index)) return fact with { Reference = true };
        var from = Math.Max(0, index - 12);
        return CurrencyKey().Match(text, from, index - from) is { Success: true } key ? fact with { Dimension = Currency("", key.Groups["code"].Value.ToUpperInvariant()) } : fact;
    }

    // A JSON property named for a currency, right before its value: "..._gbp": , "...Usd":.
    [GeneratedRegex(@"[_a-z](?<code>gbp|usd|eur|Gbp|Usd|Eur|GBP|USD|EUR)\\?""\s*:\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyKey();

    // A number right after the word for a part of a document: "rule 3.4", "section 12", "§ 7".
    internal static bool NamesAPart(string text, int index)
    {
        var from = Math.Max(0, index - 14);
        return PartWord().IsMatch(text.AsSpan(from, index - from));
    }

    private static Fact? ReadNumber(Match m)
    {
        // The common case first, without a string: a bare number (no currency, decimals, scale, unit or percent)
        // with fewer than two significant digits is no fact. A match of only ASCII digits and commas is such a bare
        // number, read without asking for its groups (which the regex engine allocates on first use).
        if (m.ValueSpan.IndexOfAnyExcept(DigitsAndComma) < 0 && SignificantDigits(m.ValueSpan) < 2) return null;
        if (m.Groups[NumberCurrency].ValueSpan.Trim().IsEmpty && m.Groups[NumberDecimals].Length == 0 && m.Groups[NumberScale].Length == 0
            && m.Groups[NumberUnit].Length == 0 && !m.Groups[NumberPercent].Success && SignificantDigits(m.Groups[NumberDigits].ValueSpan) < 2)
        {
            return null;
        }

        var digits = m.Groups[NumberDigits].Value.Replace(",", "", StringComparison.Ordinal);
        var dec = m.Groups[NumberDecimals].Value;
        var currency = m.Groups[NumberCurrency].Value.Trim();
        var scaleWord = m.Groups[NumberScale].Value;
        var unit = m.Groups[NumberUnit].Value;
        var percent = m.Groups[NumberPercent].Success;

        // A one-letter scale (k, M, B) counts only after a currency or directly on the digits.
        if (scaleWord.Length == 1 && currency.Length == 0 && m.Value.Contains(' ', StringComparison.Ordinal)) scaleWord = "";
        var integral = digits.TrimStart('0');
        // Time spans ("2 days") are units but not, alone, a fact worth checking.
        var measured = unit.Length > 0 && UnitOf(unit) is not ("h" or "min" or "s" or "d" or "y");
        var typed = currency.Length > 0 || scaleWord.Length > 0 || measured || percent || dec.Length > 0;
        if (!typed && integral.Length < 2) return null;
        if (!decimal.TryParse(digits + dec, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return null;

        var scale = Scale(scaleWord);
        var decimals = dec.Length > 0 ? dec.Length - 1 : 0;
        var precision = 0.5m;
        for (var i = 0; i < decimals; i++) precision /= 10;
        decimal scaled;
        try
        {
            scaled = value * scale;
            precision *= scale;
        }
        catch (OverflowException)
        {
            return null;
        }

        var dimension = percent ? "%" : currency.Length > 0 || unit is "USD" or "EUR" or "GBP" or "dollars" or "euros" ? Currency(currency, unit) : UnitOf(unit);
        var written = m.Value.TrimEnd();
        var start = m.Index;
        return new Fact(FactKind.Number, written, "n:" + Canonical(scaled), start, scaled, dimension, precision);
    }

    // Digits after leading zeros, commas not counted: the length of the number's integral part as ReadNumber trims it.
    private static int SignificantDigits(ReadOnlySpan<char> number)
    {
        var count = 0;
        foreach (var c in number)
        {
            if (c == ',' || (c == '0' && count == 0)) continue;
            count++;
        }

        return count;
    }

    private static string Currency(string symbol, string unit) => (symbol.Length > 0 ? symbol : unit) switch
    {
        "$" or "US$" or "USD" or "dollars" => "$",
        "€" or "EUR" or "euros" => "€",
        "£" or "GBP" => "£",
        var other => other,
    };

    private static string UnitOf(string unit) => unit.ToLowerInvariant() switch
    {
        "" => "",
        "lbs" or "pounds" => "lb",
        "miles" => "mi",
        "feet" => "ft",
        "liters" or "litres" => "l",
        "kilometres" or "kilometers" or "kilometre" or "kilometer" => "km",
        "metres" or "meters" or "metre" or "meter" => "m",
        "centimetres" or "centimeters" => "cm",
        "millimetres" or "millimeters" => "mm",
        "kilograms" or "kilogram" or "kilos" => "kg",
        "grams" => "g",
        "tonnes" or "tonne" => "t",
        "yards" => "yd",
        "inches" => "in",
        "hour" or "hours" or "hr" or "hrs" => "h",
        "minute" or "minutes" or "min" or "mins" => "min",
        "second" or "seconds" or "sec" or "secs" => "s",
        "day" or "days" => "d",
        "working day" or "working days" or "business day" or "business days" => "wd",
        "year" or "years" => "y",
        var u => u,
    };

    private static decimal Scale(string word) => word switch
    {
        "thousand" or "k" or "K" => 1_000m,
        "million" or "mn" or "M" => 1_000_000m,
        "billion" or "bn" or "B" => 1_000_000_000m,
        "trillion" => 1_000_000_000_000m,
        _ => 1m,
    };

    /// <summary>The shortest invariant form of a value: <c>4700000000</c>, <c>18.2</c>, <c>0.5</c>.</summary>
    public static string Canonical(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal)) text = text.TrimEnd('0').TrimEnd('.');
        return text.Length == 0 ? "0" : text;
    }

    // A time taken: minutes, seconds and a fraction of a second ("1:32.15", "3:41.862"). A clock time carries no fraction
    // after its minutes, and a timestamp's seconds follow a second colon.
    [GeneratedRegex(@"(?<![\d:.])(?<m>[0-9]{1,2}):(?<s>[0-5][0-9])\.(?<f>[0-9]{1,3})(?![\d:]|\.[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    // A colon with two digits and a point after it ("1:32.15"): only then can a time taken be in the text.
    private static bool MayHoldDuration(ReadOnlySpan<char> text)
    {
        for (var at = text.IndexOf(':'); at >= 0 && at + 3 < text.Length; )
        {
            if (char.IsAsciiDigit(text[at + 1]) && char.IsAsciiDigit(text[at + 2]) && text[at + 3] == '.') return true;
            var next = text[(at + 1)..].IndexOf(':');
            if (next < 0) return false;
            at += next + 1;
        }

        return false;
    }

    /// <summary>Adds each time taken the text writes ("1:32.15") as a number of seconds (92.15 s), and masks it.</summary>
    internal static void Durations(string text, List<Fact> facts, Action<int, int> mask)
    {
        foreach (Match m in Duration().Matches(text))
        {
            var minutes = int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture);
            var seconds = decimal.Parse(m.Groups["s"].Value + "." + m.Groups["f"].Value, CultureInfo.InvariantCulture);
            var value = minutes * 60 + seconds;
            var precision = 0.5m;
            for (var i = 0; i < m.Groups["f"].Length; i++) precision /= 10;
            facts.Add(new Fact(FactKind.Number, m.Value, "n:" + Canonical(value), m.Index, value, "s", precision));
            mask(m.Index, m.Length);
        }
    }

    // A date with slashes, its year in four digits or two ("31/03/25", as letters and forms often write it). ASCII digits
    // only: the parts are parsed as numbers, and another script's digits ("१/२/2024") are no date of this form.
    [GeneratedRegex(@"(?<![\d/.])(?<a>[0-9]{1,2})/(?<b>[0-9]{1,2})/(?<y>(?:19|20)[0-9]{2}|[0-9]{2})(?![\d/])", RegexOptions.CultureInvariant)]
    private static partial Regex SlashDate();

    // Digits written in groups, as a registration, account, reference or phone number is printed ("284 1937 06",
    // "12-34-56", "07700 900417"), a sentence's full stop after them or not.
    [GeneratedRegex(@"(?<![\d.,/-])\d{2,6}(?:[ -]\d{2,6}){1,4}(?![\d,/]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex GroupedDigits();

    // A year written inside a file name or a path ("annual_report_2022.pdf", "/2019/"), between separators.
    [GeneratedRegex(@"(?<=[A-Za-z0-9][_/.-]|/)(?:19|20)\d{2}(?=[_/.-][A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex EmbeddedYear();

    /// <summary>
    /// Adds the years a text writes inside a file name or a path ("riverside_library_annual_report_2022.pdf"): a later
    /// "the 2022 report" states what the name did.
    /// </summary>
    internal static void AddEmbeddedYears(string text, HashSet<string> known)
    {
        if (text.AsSpan().IndexOfAny('_', '/') < 0) return;
        foreach (var m in EmbeddedYear().EnumerateMatches(text)) known.Add("n:" + text.AsSpan(m.Index, m.Length).ToString());
    }

    /// <summary>
    /// Adds the numbers a text writes in groups of digits ("VAT registration number: 284 1937 06") as the one number
    /// their digits make (284193706): the same reference written without its spaces is no new fact.
    /// </summary>
    [GeneratedRegex(@"\b(?<n>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+|in\s+)?(?:the\s+year\s+)?(?<y>(?:19|20)\d\d)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuarterInWords();

    /// <summary>Adds the quarters a text names in words ("the first quarter of 2024") as the identifiers that write them short (Q1 2024, 2024 Q1).</summary>
    internal static void AddQuarters(string text, HashSet<string> known)
    {
        if (!text.Contains("quarter", StringComparison.OrdinalIgnoreCase)) return;
        foreach (Match m in QuarterInWords().Matches(text))
        {
            var n = m.Groups["n"].Value.ToLowerInvariant() switch { "first" or "1st" => 1, "second" or "2nd" => 2, "third" or "3rd" => 3, _ => 4 };
            var year = m.Groups["y"].Value;
            known.Add(string.Create(CultureInfo.InvariantCulture, $"i:Q{n}{year}"));
            known.Add(string.Create(CultureInfo.InvariantCulture, $"i:{year}Q{n}"));
        }
    }

    internal static void AddGroupedDigits(string text, HashSet<string> known)
    {
        // Five groups of six digits and their four separators at most.
        Span<char> digits = stackalloc char[34];
        foreach (var m in GroupedDigits().EnumerateMatches(text))
        {
            var n = 0;
            foreach (var c in text.AsSpan(m.Index, m.Length))
            {
                if (char.IsAsciiDigit(c)) digits[n++] = c;
            }

            if (n is < 6 or > 20) continue;
            known.Add("n:" + Canonical(decimal.Parse(digits[..n], NumberStyles.None, CultureInfo.InvariantCulture)));
        }
    }

    // Three to five groups of two to five digits, one space or hyphen between them, eight digits or more in all, not
    // inside a word (a UUID's groups).
    [GeneratedRegex(@"(?<![\w.,/:-]|\d[ -])\d{2,5}(?:[ -]\d{2,5}){2,4}(?![\w,/:]|\.\d|[ -]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex SpacedNumber();

    internal static void SpacedNumbers(string text, List<Fact> facts, Action<int, int> mask)
    {
        // Five groups of five digits at most.
        Span<char> digits = stackalloc char[25];
        foreach (var m in SpacedNumber().EnumerateMatches(text))
        {
            var written = text.AsSpan(m.Index, m.Length);
            var n = 0;
            foreach (var c in written)
            {
                if (char.IsAsciiDigit(c)) digits[n++] = c;
            }

            if (n is < 8 or > 20) continue;
            var value = decimal.Parse(digits[..n], NumberStyles.None, CultureInfo.InvariantCulture);
            facts.Add(new Fact(FactKind.Number, written.ToString(), "n:" + Canonical(value), m.Index, value, "", 0.5m));
            mask(m.Index, m.Length);
        }
    }

    [GeneratedRegex(@"\b(?:(?<dmy>dd?[/.-]mm?[/.-]yy(?:yy)?)|(?<mdy>mm?[/.-]dd?[/.-]yy(?:yy)?))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredDateOrder();

    /// <summary>
    /// True for a day of the month written beside its month with no year ("19 June", "June 19"): part of a date, not a
    /// figure; a full date upstream ("19 June 2026") states it.
    /// </summary>
    internal static bool DayOfMonth(string text, int index, int length)
    {
        if (length > 2 || !int.TryParse(text.AsSpan(index, length), NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day is < 1 or > 31) return false;
        // The month right after: "19 June"; or after a list of days that ends with it ("9, 14 and 27 June").
        var after = index + length;
        for (var listed = 0; listed < 8 && NextListedDay(text, after) is > 0 and var next; listed++) after = next;
        if (after + 1 < text.Length && text[after] == ' ' && MonthWordAt(text, after + 1)) return true;
        // The first day of a range that ends on a day of a month ("11 to 13 July", "Fri 11 - Sun 13 July").
        if (RangeEndAt(text, after) is > 0 and var to && to + 1 < text.Length && text[to] == ' ' && MonthWordAt(text, to + 1)) return true;
        // A day of the week right before: "Fri 11", "Saturday 14th" (not a time: "Fri 11:30").
        if (WeekdayBefore(text, index) && (after == text.Length || !(text[after] is ':' or '.' && after + 1 < text.Length && char.IsAsciiDigit(text[after + 1])))) return true;
        // The month right before: "June 19"; or before a list of days that starts with it ("June 9, 14 and 27").
        var before = index;
        for (var listed = 0; listed < 8 && PreviousListedDay(text, before) is >= 0 and var previous; listed++) before = previous;
        var end = before - 1;
        if (end < 1 || text[end] != ' ') return false;
        var start = end;
        while (start > 0 && char.IsAsciiLetter(text[start - 1])) start--;
        return end - start >= 3 && MonthWordAt(text, start);
    }

    // The joins of a range of days: "11 to 13", "11-13", "11 – 13", "11 until 13", "11 through 13".
    private static readonly string[] RangeJoins = [" to ", " until ", " till ", " through ", " - ", " – ", "-", "–"];

    private static readonly string[] WeekdayWords = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    // Where the day that ends a range starting at <paramref name="at"/> ends ("13" of " to Sun 13"), an ordinal's ending
    // included; -1 when no range of days follows.
    private static int RangeEndAt(string text, int at)
    {
        foreach (var join in RangeJoins)
        {
            if (string.CompareOrdinal(text, at, join, 0, join.Length) != 0) continue;
            var digits = at + join.Length;
            // A day of the week may lead the second day: "to Sun 13".
            var word = digits;
            while (word < text.Length && char.IsAsciiLetter(text[word])) word++;
            if (word > digits && word < text.Length && text[word] == ' ' && IsWeekday(text.AsSpan(digits, word - digits))) digits = word + 1;
            var end = digits;
            while (end < text.Length && end - digits < 2 && char.IsAsciiDigit(text[end])) end++;
            if (end == digits || (end < text.Length && char.IsAsciiDigit(text[end]))) return -1;
            if (!int.TryParse(text.AsSpan(digits, end - digits), NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day is < 1 or > 31) return -1;
            if (end + 1 < text.Length && text.AsSpan(end, 2) is "st" or "nd" or "rd" or "th") end += 2;
            return end;
        }

        return -1;
    }

    // A day of the week, whole or abbreviated, written just before the number at <paramref name="index"/> ("Fri 11").
    private static bool WeekdayBefore(string text, int index)
    {
        var end = index - 1;
        if (end < 1 || text[end] != ' ') return false;
        var start = end;
        while (start > 0 && char.IsAsciiLetter(text[start - 1])) start--;
        if (start > 0 && char.IsAsciiDigit(text[start - 1])) return false;
        return IsWeekday(text.AsSpan(start, end - start));
    }

    private static bool IsWeekday(ReadOnlySpan<char> word)
    {
        if (word.Length < 3) return false;
        foreach (var w in WeekdayWords)
        {
            if (word.Equals(w, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    // The joins of a list of days: "9, 14 and 27", "9 & 14", "9, 14, and 27".
    private static readonly string[] DayJoins = [", and ", " and ", ", ", " & "];

    // Where the next day of a list ends, after a join ("14" of "9, 14"); -1 when no day follows.
    private static int NextListedDay(string text, int at)
    {
        foreach (var join in DayJoins)
        {
            if (string.CompareOrdinal(text, at, join, 0, join.Length) != 0) continue;
            var digits = at + join.Length;
            var end = digits;
            while (end < text.Length && end - digits < 2 && char.IsAsciiDigit(text[end])) end++;
            if (end == digits || (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or ',' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1])))) return -1;
            // An ordinal's ending: "14th".
            if (end + 1 < text.Length && text.AsSpan(end, 2) is "st" or "nd" or "rd" or "th") end += 2;
            return end;
        }

        return -1;
    }

    // Where the day before a join starts ("9" of "9, 14"), reading back from a day at <paramref name="at"/>; -1 when none.
    private static int PreviousListedDay(string text, int at)
    {
        foreach (var join in DayJoins)
        {
            var joinAt = at - join.Length;
            if (joinAt < 1 || string.CompareOrdinal(text, joinAt, join, 0, join.Length) != 0) continue;
            var start = joinAt;
            if (start >= 2 && text.AsSpan(start - 2, 2) is "st" or "nd" or "rd" or "th") start -= 2;
            var digitsEnd = start;
            while (start > 0 && digitsEnd - start < 2 && char.IsAsciiDigit(text[start - 1])) start--;
            if (start == digitsEnd || (start > 0 && (char.IsAsciiDigit(text[start - 1]) || text[start - 1] is '.' or ','))) return -1;
            return start;
        }

        return -1;
    }

    private static bool MonthWordAt(string text, int at)
    {
        var end = at;
        while (end < text.Length && char.IsAsciiLetter(text[end])) end++;
        var word = text.AsSpan(at, end - at);
        if (word.Length < 3) return false;
        var month = MonthOf(word.ToString());
        if (month == 0) return false;
        // The month's name or its three-letter abbreviation ("Jun", "June"; not "Marketing" or "Mayor").
        var name = System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);
        return word.Length == 3 || name.AsSpan().Equals(word, StringComparison.OrdinalIgnoreCase) || (month == 9 && word.Equals("Sept", StringComparison.OrdinalIgnoreCase));
    }

    // A North American number ("(612) 555-0139", "612-555-0139", "+1 612.555.0139") or an international one written
    // with its country code and spaced groups ("+44 20 7946 0958", "+353 1 555 0199"); a full stop after it ends the
    // sentence.
    [GeneratedRegex(@"(?<![\w+(.-])(?:(?:\+1[ .-]?)?(?:\([0-9]{3}\) ?|[0-9]{3}[.-])[0-9]{3}[.-][0-9]{4}|\+[0-9]{1,3}(?: [0-9]{1,5}){2,4})(?![\w-]|\.\w|,[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    // A number dialled within its country, its trunk prefix 0 leading the first group and groups spaced after it ("07700
    // 900318", "020 7946 0958", "0161 496 0000", "01 23 45 67 89"): ten or eleven digits in all (checked where it matches).
    [GeneratedRegex(@"(?<![\w+(.,/-])0[0-9]{1,4}(?: [0-9]{2,6}){1,4}(?![\w-]|\.\w|,[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex NationalPhonePattern();

    /// <summary>Adds the phone numbers the text writes as identifiers (their digits), and masks them.</summary>
    internal static void PhoneNumbers(string text, List<Fact> facts, Action<int, int> mask)
    {
        foreach (var m in PhonePattern().EnumerateMatches(text))
        {
            var written = text.Substring(m.Index, m.Length);
            facts.Add(new Fact(FactKind.Identifier, written, "i:" + NormaliseId(written), m.Index));
            mask(m.Index, m.Length);
        }
    }

    /// <summary>Adds the numbers the text writes in a national phone format (<see cref="NationalPhonePattern"/>) as identifiers, and masks them.</summary>
    internal static void NationalPhoneNumbers(string text, List<Fact> facts, Action<int, int> mask)
    {
        foreach (var m in NationalPhonePattern().EnumerateMatches(text))
        {
            var written = text.AsSpan(m.Index, m.Length);
            var count = written.Length - written.Count(' ');
            if (count is < 10 or > 11) continue;
            facts.Add(new Fact(FactKind.Identifier, written.ToString(), "i:" + NormaliseId(written.ToString()), m.Index));
            mask(m.Index, m.Length);
        }
    }

    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "TBD", "TBA", "TBC", "N/A", "NA", "n.a.", "None", "Null", "Nil", "Unknown", "Pending", "-", "--",
    };

    /// <summary>True for a word that marks a value not there yet or not known ("TBD", "N/A"): no name.</summary>
    internal static bool IsPlaceholder(string value) => Placeholders.Contains(value);

    /// <summary>True for an identifier written as a phone number: how to reach someone, never what a search looks for.</summary>
    internal static bool IsPhoneNumber(Fact f)
    {
        if (f.Kind != FactKind.Identifier) return false;
        var m = PhonePattern().Match(f.Written);
        if (m.Success && m.Length == f.Written.Length) return true;
        m = NationalPhonePattern().Match(f.Written);
        return m.Success && m.Length == f.Written.Length;
    }

    /// <summary>True where a 0 that no digit precedes is followed by digits and a space and a digit: where <see cref="NationalPhonePattern"/> can match.</summary>
    internal static bool MayBeNationalPhone(ReadOnlySpan<char> text)
    {
        for (var i = text.IndexOf('0'); i >= 0 && i < text.Length;)
        {
            if (i == 0 || !char.IsAsciiDigit(text[i - 1]))
            {
                var j = i + 1;
                while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
                if (j > i + 1 && j + 1 < text.Length && text[j] == ' ' && char.IsAsciiDigit(text[j + 1])) return true;
            }

            var next = text[(i + 1)..].IndexOf('0');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return false;
    }

    // A number with full stops between its thousands and a decimal comma ("18.400,00", "1.250,00"), or a decimal comma
    // with two digits after it and no more than three before ("460,00"; "1234,56" stays unread); a date with full stops,
    // day first ("12.05.2025").
    [GeneratedRegex(@"(?<![\w.,])(?:(?<int>[0-9]{1,3}(?:\.[0-9]{3})+),(?<dec>[0-9]{1,4})|(?<int>[0-9]{1,3}),(?<dec>[0-9]{2}))(?![\w]|[.,][0-9])|(?<![\w.])(?<day>[0-9]{1,2})\.(?<month>[0-9]{1,2})\.(?<year>[0-9]{4})(?![\w]|\.[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex ContinentalPattern();

    /// <summary>
    /// True where the text has a digit, a comma and a digit in a row ("460,00"), or a digit, a full stop, one or two
    /// digits and a full stop ("12.05."): where <see cref="ContinentalPattern"/> can match.
    /// </summary>
    internal static bool MayBeContinental(ReadOnlySpan<char> text)
    {
        for (var i = text.IndexOfAny(',', '.'); i >= 0 && i < text.Length;)
        {
            if (i > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1]))
            {
                // A decimal comma may end the text with one digit after it ("2.480,5").
                if (text[i] == ',') return true;
                if (i + 2 < text.Length && (text[i + 2] == '.' || (i + 3 < text.Length && char.IsAsciiDigit(text[i + 2]) && text[i + 3] == '.'))) return true;
            }

            var next = text[(i + 1)..].IndexOfAny(',', '.');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return false;
    }

    /// <summary>Adds the numbers and dates the text writes the continental European way, as the values they are, and masks them.</summary>
    internal static void ContinentalNumbers(string text, List<Fact> facts, Action<int, int> mask)
    {
        foreach (Match m in ContinentalPattern().Matches(text))
        {
            if (m.Groups["day"].Success)
            {
                var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
                var month = int.Parse(m.Groups["month"].Value, CultureInfo.InvariantCulture);
                var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
                if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) continue;
                facts.Add(new Fact(FactKind.Date, m.Value, string.Create(CultureInfo.InvariantCulture, $"d:{year:D4}-{month:D2}-{day:D2}"), m.Index));
                mask(m.Index, m.Length);
                continue;
            }

            var digits = m.Groups["int"].Value.Replace(".", "", StringComparison.Ordinal) + "." + m.Groups["dec"].Value;
            if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) continue;
            var precision = 0.5m;
            for (var i = 0; i < m.Groups["dec"].Length; i++) precision /= 10;
            facts.Add(new Fact(FactKind.Number, m.Value, "n:" + Canonical(value), m.Index, value, "", precision));
            mask(m.Index, m.Length);
        }
    }

    /// <summary>Adds the dates the text writes with slashes, where it says which field is the day, and masks them.</summary>
    internal static void SlashDates(string text, List<Fact> facts, Action<int, int> mask)
    {
        var matches = SlashDate().Matches(text);
        if (matches.Count == 0) return;
        bool dayFirst = false, monthFirst = false;
        foreach (Match d in DeclaredDateOrder().Matches(text))
        {
            if (d.Groups["dmy"].Success) dayFirst = true;
            else monthFirst = true;
        }

        foreach (Match m in matches)
        {
            var a = int.Parse(m.Groups["a"].ValueSpan, CultureInfo.InvariantCulture);
            var b = int.Parse(m.Groups["b"].ValueSpan, CultureInfo.InvariantCulture);
            if (a > 12 && b <= 12) dayFirst = true;
            if (b > 12 && a <= 12) monthFirst = true;
        }

        if (dayFirst == monthFirst) return;
        foreach (Match m in matches)
        {
            var a = int.Parse(m.Groups["a"].ValueSpan, CultureInfo.InvariantCulture);
            var b = int.Parse(m.Groups["b"].ValueSpan, CultureInfo.InvariantCulture);
            var (day, month) = dayFirst ? (a, b) : (b, a);
            if (month is < 1 or > 12 || day is < 1 or > 31) continue;
            var year = int.Parse(m.Groups["y"].ValueSpan, CultureInfo.InvariantCulture);
            if (m.Groups["y"].Length == 2) year += 2000;
            facts.Add(new Fact(FactKind.Date, m.Value, string.Create(CultureInfo.InvariantCulture, $"d:{year:D4}-{month:D2}-{day:D2}"), m.Index));
            mask(m.Index, m.Length);
        }
    }

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?:st|nd|rd|th)? (?:of )?(?<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b|\b(?<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.? (?<d>\d{1,2})(?:st|nd|rd|th)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDay();

    /// <summary>Adds the days of months a text names ("30 May", "May 30th"), as <c>MM-DD</c>, with or without a year.</summary>
    internal static void AddMonthDays(string text, HashSet<string> into)
    {
        if (text.AsSpan().IndexOfAnyInRange('0', '9') < 0) return;
        foreach (Match m in MonthDay().Matches(text))
        {
            if (!int.TryParse(m.Groups["d"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day is < 1 or > 31) continue;
            var month = MonthOf(m.Groups["mon"].Value);
            if (month > 0) into.Add(string.Create(CultureInfo.InvariantCulture, $"{month:D2}-{day:D2}"));
        }
    }

    private static string? DateKey(Match m)
    {
        if (!int.TryParse(m.Groups[DateYear].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        if (!int.TryParse(m.Groups[DateDay].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var day)) return null;
        int month;
        if (m.Groups[DateMonthName].Success)
        {
            month = MonthOf(m.Groups[DateMonthName].Value);
        }
        else if (!int.TryParse(m.Groups[DateMonth].Value, NumberStyles.None, CultureInfo.InvariantCulture, out month))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"d:{year:D4}-{month:D2}-{day:D2}");
    }

    private static string NormaliseId(string id)
    {
        Span<char> buffer = stackalloc char[Math.Min(id.Length, 128)];
        var n = 0;
        foreach (var c in id)
        {
            if (n == buffer.Length) break;
            if (char.IsLetterOrDigit(c)) buffer[n++] = char.ToUpperInvariant(c);
        }

        return new string(buffer[..n]);
    }

    /// <summary>The lower-case words of the text (letters and digits, two or more).</summary>
    public static IEnumerable<string> Words(string text)
    {
        foreach (Match m in WordPattern().Matches(text)) yield return m.Value.ToLowerInvariant();
    }

    /// <summary>
    /// Adds the lower-case words of the text to <paramref name="words"/>: the same words as <see cref="Words"/>
    /// (runs of two or more letters and digits), read without a regular expression and allocating only new words.
    /// </summary>
    public static void AddWords(string text, HashSet<string> words)
    {
        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[128];
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i])) i++;
            var length = i - start;
            if (length < 2) continue;
            var word = text.AsSpan(start, length);
            if (length <= buffer.Length)
            {
                var lower = buffer[..length];
                word.ToLowerInvariant(lower);
                lookup.Add(lower);
            }
            else
            {
                words.Add(word.ToString().ToLowerInvariant());
            }
        }
    }

    // \p{L} or \p{N}, as the word pattern reads one UTF-16 unit at a time.
    private static bool IsWordChar(char c)
    {
        if (c < 128) return char.IsAsciiLetterOrDigit(c);
        return System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
    }

    /// <summary>True when the fact is supported by what is known: its key, or for a name every one of its words.</summary>
    public static bool IsSupported(Fact fact, Func<string, bool> contains)
    {
        if (fact.Kind != FactKind.Name) return contains(fact.Key);
        foreach (var word in Words(fact.Written))
        {
            if (!contains("w:" + word)) return false;
        }

        return true;
    }

    private static string NormaliseUrl(string url)
    {
        var u = url.TrimEnd('/');
        var scheme = u.IndexOf("://", StringComparison.Ordinal);
        var hostEnd = u.IndexOf('/', scheme + 3);
        return hostEnd < 0 ? u.ToLowerInvariant() : u[..hostEnd].ToLowerInvariant() + u[hostEnd..];
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Tests.Engine;

// The fact extractor as it was written with one regular expression per kind of fact, run one after another over the
// text (each masking what the earlier ones matched), kept verbatim as the reference the faster extractor must agree
// with on every input (FactsDifferentialTests). Steps added since that are whole-text searches in the engine too (phone
// numbers, continental numbers, slash dates, numbers printed in groups) and the checks of one match (a standard number's
// scheme, a fiscal year, a part of a document) call the engine's own code; the rest is as it was written.
#pragma warning disable

/// <summary>
/// Extracts the facts an answer could invent, and says when two written forms state the same fact:
/// numbers with decimals, units, currencies and scale words (<c>$4.7 billion</c>, <c>18.2%</c>, <c>737,015</c>,
/// <c>3.5 kg</c>), dates, identifiers (flight numbers, order ids), URLs and quoted names. Bare one-digit
/// numbers ("3 steps") are not facts. Text is scanned once, left to right, by a few regular expressions.
/// </summary>
internal static partial class FactsReference
{
    [GeneratedRegex(@"https?://[^\s""'<>()\[\]{}\\`]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\b(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b|\b(?<d>\d{1,2})(?:st|nd|rd|th)? (?<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,? (?<y>\d{4})\b|\b(?<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.? (?<d>\d{1,2})(?:st|nd|rd|th)?,? (?<y>\d{4})\b|\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?:[ap]m|[AP]M)\b|\b)", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    // Flight numbers (LH 442, BA117), order and ticket ids (ORD-88412, INC0012345, #A7731): letters and digits together.
    // The last alternative is a candidate code (QX7R2P, A1B2C3, k9f2zq): one word of 4 to 12 letters and digits with
    // both in it, not part of a dotted, dashed or slashed token (3.5GB, gpt-4o, v1.2.3, a UUID); whether it is a code is
    // decided by IsCode from its shape and the label before it.
    [GeneratedRegex(@"(?<![\w-])(?:[A-Z]{2,4}|[A-Z]\d|\d[A-Z])[- ]?\d{2,}(?:-?[A-Z0-9]+)*(?![\w])|(?<![\w#])#[A-Z0-9]*\d[A-Z0-9-]*\b|(?<![\w\-./@#$€£¥])(?=[A-Za-z0-9]{4,12}(?![\w\-@]|[./]\w))(?<code>[A-Za-z]+\d|\d+[A-Za-z])[A-Za-z0-9]*", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"(?<cur>[$€£¥]|US\$|USD ?|EUR ?|GBP ?)?(?<![\w.\-/])(?:(?<!,)|(?<=\d{4},)(?=\d{4}))(?<num>\d{1,3}(?:,\d{3})+|\d+)(?<dec>\.\d+)?(?!\d|\.\d|,\d{1,3}(?!\d)|(?<!\d{4}),\d)(?:\s?(?<pct>%|percent\b|per cent\b)|\s?(?<scale>thousand|million|billion|trillion|bn|mn|[kKMB])\b)?(?:\s?(?<unit>kg|g|mg|lb|lbs|pounds|oz|km|m|cm|mm|mi|miles|ft|feet|ml|liters|litres|gal|kilometres|kilometers|kilometre|kilometer|metres|meters|metre|meter|centimetres|centimeters|millimetres|millimeters|kilograms|kilogram|kilos|grams|tonnes|tonne|yards|inches|°[CF]|[CF]°|hours?|hrs?|h|minutes?|mins?|seconds?|secs?|(?:working|business) days?|days?|years?|USD|EUR|GBP|dollars|euros)\b)?(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"""([^""\n]{2,80})""(?!\s*:)|“([^”\n]{2,80})”|'([A-Z][^'\n]{1,78})'(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"[\p{L}\p{N}]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    private static readonly System.Buffers.SearchValues<char> DigitsAndComma = System.Buffers.SearchValues.Create("0123456789,");

    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // ISO 4217 codes other than the three the number pattern reads as currencies: an amount after one is no identifier.
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
        // Phone numbers are one whole-text search in the engine too: the same step.
        if (digits && (span.IndexOf('(') >= 0 || span.IndexOf('+') >= 0 || span.IndexOf('-') >= 0 || span.IndexOf('.') >= 0)) TraceRegress.Engine.Text.Facts.PhoneNumbers(current, facts, Mask);

        Refresh();
        // National phone numbers: the same whole-text search, without the engine's quick check.
        if (digits) TraceRegress.Engine.Text.Facts.NationalPhoneNumbers(current, facts, Mask);

        Refresh();
        if (digits) TraceRegress.Engine.Text.Facts.ContinentalNumbers(current, facts, Mask);

        Refresh();
        // Dates with slashes are one whole-text search in the engine too (no anchored scan to check): the same step.
        if (digits && span.IndexOf('/') >= 0) TraceRegress.Engine.Text.Facts.SlashDates(current, facts, Mask);

        Refresh();
        // Times taken are one whole-text search in the engine too: the same step.
        if (digits && span.IndexOf(':') >= 0) TraceRegress.Engine.Text.Facts.Durations(current, facts, Mask);

        Refresh();
        for (var m = digits ? DatePattern().Match(current) : Match.Empty; m.Success; m = m.NextMatch())
        {
            if (m.Groups["y"].Success && DateKey(m) is { } key) facts.Add(new Fact(FactKind.Date, m.Value, key, m.Index));
            Mask(m.Index, m.Length);
        }

        Refresh();
        // Numbers printed in groups of digits are one whole-text search in the engine too: the same step.
        if (digits) TraceRegress.Engine.Text.Facts.SpacedNumbers(current, facts, Mask);

        Refresh();
        if (digits)
        {
            foreach (var m in IdentifierPattern().EnumerateMatches(current))
            {
                var id = current.AsSpan(m.Index, m.Length);
                // A place in a queue or a ranking (#2, #17) is no identifier: an id after '#' has three digits or more or a letter.
                if (id.Length <= 3 && id[0] == '#' && id[1..].IndexOfAnyExcept("0123456789") < 0) continue;
                // A currency code with an amount (USD 120) is a number, not an id.
                if (id.Length >= 4 && (id.StartsWith("USD", StringComparison.Ordinal) || id.StartsWith("EUR", StringComparison.Ordinal) || id.StartsWith("GBP", StringComparison.Ordinal))) continue;
                // So is any other ISO currency code before an amount (NOK 285,700, CHF 1,250.00).
                if (id.Length >= 5 && id[3] == ' ' && CurrencyCodes.Contains(id[..3].ToString())) continue;
                if (TraceRegress.Engine.Text.Facts.SchemeLabel(id)) continue;
                if (TraceRegress.Engine.Text.Facts.FiscalYear(id) is { } year)
                {
                    facts.Add(new Fact(FactKind.Number, id.ToString(), "n:" + year.ToString(CultureInfo.InvariantCulture), m.Index, year, "", 0.5m, Reference: true));
                    Mask(m.Index, m.Length);
                    continue;
                }

                // One word of letters and digits that the flight-number and order-id shapes do not take is a candidate code.
                // (Matched again at its place for its groups only then: the other shapes are the common case.)
                if (id.IndexOfAnyExcept(AsciiLettersAndDigits) < 0 && IdentifierPattern().Match(current, m.Index).Groups["code"].Success
                    && !IsCode(current, m.Index, m.Length)) continue;
                var written = id.ToString();
                facts.Add(new Fact(FactKind.Identifier, written, "i:" + NormaliseId(written), m.Index));
                Mask(m.Index, m.Length);
            }
        }

        Refresh();
        if (digits)
        {
            foreach (var m in NumberPattern().EnumerateMatches(current))
            {
                // A bare number (only ASCII digits and commas) with fewer than two significant digits is no fact: the
                // common case, screened without a Match. Any other match is matched again at its place for its groups
                // (the same match: the search starts there and sees the text before it).
                var value = current.AsSpan(m.Index, m.Length);
                if (value.IndexOfAnyExcept(DigitsAndComma) < 0 && SignificantDigits(value) < 2) continue;
                if (TraceRegress.Engine.Text.Facts.DayOfMonth(current, m.Index, m.Length)) continue;
                if (ReadNumber(NumberPattern().Match(current, m.Index)) is { } fact)
                {
                    facts.Add(TraceRegress.Engine.Text.Facts.Placed(fact, current, m.Index));
                }
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
            if (TraceRegress.Engine.Text.Facts.IsPlaceholder(value)) continue;
            // An identifier-like token (call_fR2u8QnY, snake_case keys) is not a name.
            if (value.Contains('_', StringComparison.Ordinal) || (!value.Contains(' ', StringComparison.Ordinal) && value.Any(char.IsDigit))) continue;
            if (value.AsSpan().IndexOfAny('{', '}') >= 0 || value.Contains("%s", StringComparison.Ordinal) || value.Contains("%d", StringComparison.Ordinal)) continue;
            facts.Add(new Fact(FactKind.Name, name.Value, "q:" + value.ToLowerInvariant(), name.Index));
        }

        facts.Sort((a, b) => a.Index.CompareTo(b.Index));
        return facts;
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

    private static Fact? ReadNumber(Match m)
    {
        // The common case first, without a string: a bare number (no currency, decimals, scale, unit or percent)
        // with fewer than two significant digits is no fact. A match of only ASCII digits and commas is such a bare
        // number, read without asking for its groups (which the regex engine allocates on first use).
        if (m.ValueSpan.IndexOfAnyExcept(DigitsAndComma) < 0 && SignificantDigits(m.ValueSpan) < 2) return null;
        if (m.Groups["cur"].ValueSpan.Trim().IsEmpty && m.Groups["dec"].Length == 0 && m.Groups["scale"].Length == 0
            && m.Groups["unit"].Length == 0 && !m.Groups["pct"].Success && SignificantDigits(m.Groups["num"].ValueSpan) < 2)
        {
            return null;
        }

        var digits = m.Groups["num"].Value.Replace(",", "", StringComparison.Ordinal);
        var dec = m.Groups["dec"].Value;
        var currency = m.Groups["cur"].Value.Trim();
        var scaleWord = m.Groups["scale"].Value;
        var unit = m.Groups["unit"].Value;
        var percent = m.Groups["pct"].Success;

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

    private static string? DateKey(Match m)
    {
        if (!int.TryParse(m.Groups["y"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        if (!int.TryParse(m.Groups["d"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var day)) return null;
        int month;
        if (m.Groups["mon"].Success)
        {
            month = Array.IndexOf(Months, m.Groups["mon"].Value[..3].ToLowerInvariant()) + 1;
        }
        else if (!int.TryParse(m.Groups["m"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out month))
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

using System.Text;
using System.Text.Json;
using TraceRegress.Benchmarks.Generation;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using Xunit.Abstractions;

namespace TraceRegress.Tests.Engine;

/// <summary>
/// The fact extractor tries its patterns only where a match can start; it must find exactly the facts (kind, written
/// form, key, index, value, dimension, precision, in the same order) that <see cref="FactsReference"/>, the same
/// patterns searched over the whole text, finds. Compared on every string of every trace file in the repository and the
/// texts the engine reads from them, on the benchmark's generated traces, on texts built at random from the characters
/// and words the patterns care about, and on every UTF-16 code unit in the places the patterns look at.
/// </summary>
public class FactsDifferentialTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_string_of_every_trace_file_gives_the_reference_facts()
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        var files = TraceFiles().ToList();
        foreach (var file in files) AddTraceTexts(File.ReadAllBytes(file), texts);
        output.WriteLine($"{files.Count} trace files, {texts.Count} distinct strings");
        Assert.True(files.Count > 100, "the repository's trace files were not found");
        Assert.True(texts.Count > 10_000);
        AssertSameFacts(texts);
    }

    [Fact]
    public void The_benchmark_traces_give_the_reference_facts()
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        AddTraceTexts(AgentTraceGenerator.Flat(1_000, seed: 42), texts);
        AddTraceTexts(AgentTraceGenerator.Otlp(300, seed: 7), texts);
        output.WriteLine($"{texts.Count} distinct strings");
        Assert.True(texts.Count > 2_000);
        AssertSameFacts(texts);
    }

    // Pieces the patterns read: digits of several scripts, letters, currencies and codes, units and scale words, month
    // names, separators, quotes, labels that introduce codes, URL schemes, word characters beyond ASCII and characters
    // that are not, and whitespace of every kind.
    private static readonly string[] Pieces =
    [
        "0", "1", "2", "7", "9", "12", "42", "007", "2024", "1999", "12345", "737,015", "1,250.00", "4.7", "0.5", ".5", "3.", "1,23",
        "٣", "٤٥", "१२", "１２", "߁", "A", "B", "Q", "X", "Z", "K", "M", "T", "k", "b", "g", "m", "x", "z", "AB", "LH", "ORD", "INC", "QX7R2P",
        "A1B2C3", "k9f2zq", "Q3FY2025", "COVID19", "3A5F8C2D", "512GB", "1080P", "3rd", "gpt-4o", "v1.2.3", "$", "€", "£", "¥", "US$", "USD", "EUR",
        "GBP", "NOK", "CHF", "%", " percent", " per cent", " thousand", " million", " billion", "bn", "mn", " kg", "kg", " mi", "miles", " ft",
        "°C", "F°", "°", " hours", "hr", " days", " years", "secs", " dollars", " euros", "Jan", "January", "Feb", "Mar", "March", "May", "June",
        "Jul", "Sept", "September", "Dec", "st", "nd", "th", "T", "Z", "+02:00", "-0500", ":", "::", ",", ", ", ".", "-", "--", "/", "#", "@",
        "_", "=", "(", ")", "[", "]", "{", "}", "\"", "\"\"", "“", "”", "'", "`", "\\", "<", ">", "!", "?", ";", " ", "  ", "\n", "\t", "\r\n",
        "\u00A0", "\u2009", "\u0085", "\u200D", "\u200C", "\u0301", "\u203F", "é", "ß", "Ж", "中", "Ωμ", "😀", "\uD800", "booking ref ", "PNR: ",
        "order ", "order no. ", "confirmation_code", "ticket #", "your booking reference is ", "Flight ", "Paris", "The Hobbit", "Acme Corp",
        "http://", "https://", "example.com/", "www", "?q=1", "call_", "id", "x1", "1x", "2-3", "12:30", "12:30:45", "am", " PM", "10:00am", "1:32.15", "3:41.862", "2024-03-15", "T10:00",
    ];

    [Fact]
    public void Random_texts_of_the_characters_the_patterns_read_give_the_reference_facts()
    {
        var random = new Random(20261203);
        var texts = new List<string>();
        var builder = new StringBuilder();
        for (var i = 0; i < 40_000; i++)
        {
            builder.Clear();
            if (random.Next(10) == 0) builder.Append(random.Next(2) == 0 ? '{' : '[');
            var pieces = random.Next(1, 24);
            for (var p = 0; p < pieces; p++)
            {
                builder.Append(random.Next(3) == 0 ? Shaped(random) : Pieces[random.Next(Pieces.Length)]);
                // Now and then any UTF-16 code unit, and now and then a separator between pieces.
                if (random.Next(12) == 0) builder.Append((char)random.Next(0, 0x10000));
                if (random.Next(3) == 0) builder.Append(" ,.-/\n"[random.Next(6)]);
            }

            texts.Add(builder.ToString());
        }

        output.WriteLine($"{texts.Count} random texts");
        AssertSameFacts(texts);
    }

    private static readonly string[] Months =
    [
        "Jan", "January", "Feb", "February", "Mar", "March", "Apr", "April", "May", "Jun", "June", "Jul", "July", "Aug", "August", "Sep", "Sept",
        "September", "Oct", "October", "Nov", "November", "Dec", "December", "Janu", "Sepmember", "MAY", "may",
    ];

    private static readonly string[] Units =
    [
        "%", "percent", "per cent", "thousand", "million", "billion", "trillion", "bn", "mn", "k", "K", "M", "B", "kg", "g", "mg", "lb", "lbs", "pounds",
        "oz", "km", "m", "cm", "mm", "mi", "miles", "ft", "feet", "ml", "liters", "litres", "gal", "°C", "°F", "C°", "F°", "hour", "hours", "hr", "hrs",
        "minute", "mins", "second", "secs", "day", "days", "year", "years", "USD", "EUR", "GBP", "dollars", "euros", "kgs", "b", "Mb", "percentage",
    ];

    // Characters around a shaped fact: word characters of several scripts, the punctuation the lookbehinds name, spaces.
    private const string Around = " \n\t,.;:!?-/@#$€£¥_'\"“”()[]{}<>=+*&aZ9é中٣\u00A0\u200D\u0301\u2028";

    /// <summary>A date, time, number, identifier or code as the patterns describe them, now and then slightly off.</summary>
    private static string Shaped(Random random)
    {
        string Digits(int min, int max)
        {
            var n = random.Next(min, max + 1);
            var chars = new char[n];
            for (var i = 0; i < n; i++) chars[i] = random.Next(8) == 0 ? "٣१１߁"[random.Next(4)] : (char)('0' + random.Next(10));
            return new string(chars);
        }

        string Upper(int min, int max) => new(Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => (char)('A' + random.Next(26))).ToArray());
        string Alnum(int min, int max) => new(Enumerable.Range(0, random.Next(min, max + 1))
            .Select(_ => "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789"[random.Next(58)]).ToArray());
        string Pick(params string[] options) => options[random.Next(options.Length)];
        string Month() => Months[random.Next(Months.Length)];
        string Suffix() => random.Next(3) == 0 ? Pick("st", "nd", "rd", "th", "") : "";

        var shaped = random.Next(9) switch
        {
            0 => $"{Digits(1, 2)}{Suffix()} {Month()}{Pick("", ".")}{Pick("", ",")} {Digits(2, 5)}",
            1 => $"{Month()}{Pick("", ".")} {Digits(1, 3)}{Suffix()}{Pick("", ",")} {Digits(3, 5)}",
            2 => $"{Digits(3, 5)}-{Digits(1, 2)}-{Digits(1, 2)}{Pick("", "T", " ")}{Digits(1, 2)}:{Digits(2, 2)}{Pick("", ":" + Digits(2, 2), ":" + Digits(2, 2) + "." + Digits(1, 4))}{Pick("", "Z", "+" + Digits(2, 2) + ":" + Digits(2, 2), "-" + Digits(4, 4))}",
            3 => $"{Digits(1, 3)}:{Digits(1, 3)}{Pick("", ":" + Digits(2, 2))}",
            4 => $"{Pick("", "$", "€", "£", "¥", "US$", "USD", "USD ", "EUR ", "GBP ", "NOK ", "CHF ")}{Digits(1, 4)}{Pick("", "," + Digits(3, 3), "," + Digits(3, 3) + "," + Digits(3, 3), "," + Digits(2, 2))}{Pick("", ".", "." + Digits(1, 3))}{Pick("", " ", "\u00A0")}{Pick("", Units[random.Next(Units.Length)])}{Pick("", " " + Units[random.Next(Units.Length)])}",
            5 => $"{Pick(Upper(2, 4), Upper(1, 1) + Digits(1, 1), Digits(1, 1) + Upper(1, 1), Upper(1, 5))}{Pick("", "-", " ")}{Digits(1, 6)}{Pick("", "-" + Alnum(1, 4), Upper(1, 3) + Digits(0, 3), "-" + Digits(2, 3) + "-" + Upper(1, 2))}",
            6 => $"#{Upper(0, 3)}{Digits(0, 4)}{Pick("", "-", "-" + Upper(1, 2) + Digits(1, 2))}",
            7 => $"{Pick("", "booking ref ", "PNR: ", "order no. ", "confirmation_code\": \"", "ticket ", "your reference is ", "code ")}{Alnum(3, 13)}",
            _ => $"{Pick("http://", "https://", "HTTP://", "https:/")}{Alnum(1, 8)}.com{Pick("", "/", "/" + Alnum(1, 6), "/a?b=" + Digits(1, 3))}{Pick("", ".", ",", ")", "'")}",
        };
        return random.Next(2) == 0 ? shaped : $"{Around[random.Next(Around.Length)]}{shaped}{Around[random.Next(Around.Length)]}";
    }

    [Fact]
    public void Trace_strings_with_pieces_inserted_give_the_reference_facts()
    {
        var corpus = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in TraceFiles()) AddTraceTexts(File.ReadAllBytes(file), corpus);
        var strings = corpus.Where(s => s.Length is > 0 and < 4_000).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        var random = new Random(20261204);
        var texts = new List<string>();
        for (var i = 0; i < 20_000; i++)
        {
            var text = strings[random.Next(strings.Length)];
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(text.Length + 1);
                text = random.Next(4) == 0 && text.Length > 0
                    ? text.Remove(Math.Min(at, text.Length - 1), 1)
                    : text.Insert(at, random.Next(2) == 0 ? Shaped(random) : Pieces[random.Next(Pieces.Length)]);
            }

            texts.Add(text);
        }

        output.WriteLine($"{texts.Count} edited trace strings");
        AssertSameFacts(texts);
    }

    [Fact]
    public void Every_code_unit_before_at_and_after_a_fact_gives_the_reference_facts()
    {
        // Each code unit where the patterns' lookbehinds, word boundaries, digit classes and lookaheads look.
        var texts = new List<string>(0x10000);
        for (var code = 0; code <= 0xFFFF; code++)
        {
            var c = ((char)code).ToString();
            texts.Add(string.Concat(
                c, "12 x", c, "AB123 ", c, "#A7 ", c, "Jan 5, 2024 5", c, " 12", c, "kg ", c, "X1Y2Z3 ab", c, "9 $1", c, "5 ", c, "2024-01-0", c,
                " LH", c, "442 USD", c, "12 ", c, "1", c, "2", c, "34 ", c, "http://a", c, "b \"Ab", c, "cd\" ", c, "QX7R2P", c, " 4.", c, "5 ", c, "M ",
                c, "rd September., 2024 September ", c, ", 2024 ", c, "9-01-02 1", c, ":30 A", c, "12B ", c, "0", c, "0", c, " million"));
        }

        AssertSameFacts(texts);
    }

    [Fact]
    public void A_decimal_comma_with_one_digit_at_the_end_of_the_text_is_read_as_the_reference_reads_it()
    {
        // The edited strings once cut "2.480,5" at its end, where the cheap check before the continental pattern wanted two
        // characters after the comma.
        foreach (var text in (string[])["2.480,5", "paid 2.480,5", "1.250,00", "2.480,5 EUR"])
        {
            Assert.Equal(FactsReference.Extract(text), Facts.Extract(text));
        }

        Assert.Equal(2480.5m, Facts.Extract("2.480,5").Single().Value);
    }

    [Fact]
    public void The_facts_compared_are_the_whole_records()
    {
        // A positive control: the comparison sees every field, so a difference in any would fail the tests above.
        var facts = Facts.Extract("Paid $4.7 billion on 2024-03-15 for order ORD-88412 at https://example.com/a, see \"The Hobbit\".");
        Assert.Equal(FactsReference.Extract("Paid $4.7 billion on 2024-03-15 for order ORD-88412 at https://example.com/a, see \"The Hobbit\"."), facts);
        Assert.Equal([FactKind.Number, FactKind.Date, FactKind.Identifier, FactKind.Url, FactKind.Name], facts.Select(f => f.Kind));
        Assert.Equal(4_700_000_000m, facts[0].Value);
        Assert.NotEqual(facts[0], facts[0] with { Precision = facts[0].Precision / 10 });
    }

    [Fact]
    public void Digits_of_other_scripts_in_dates_and_times_are_read_without_failing()
    {
        // \d takes any script's digits; the parts of a slash date, a day of a month and a clock time are parsed as
        // numbers, so only ASCII digits make them.
        const string text = "paid १/२/2024, due ٣ June, at 10:00am, then 31/03/2024";
        var facts = Facts.Extract(text);
        Assert.DoesNotContain(facts, f => f.Written == "10");
        Assert.Contains(facts, f => f.Kind == FactKind.Date && f.Key == "d:2024-03-31");
        Assert.Equal(FactsReference.Extract(text), facts);
    }

    [Fact]
    public void A_time_taken_in_minutes_seconds_and_hundredths_is_a_figure_in_seconds()
    {
        const string text = "Megan Prydderch 1:35.80 (provisional 1:32.15); logged 12:30:45.123 at 2025-11-04T10:00:00.000Z";
        var facts = Facts.Extract(text);
        Assert.Equal([("1:35.80", 95.80m, "s"), ("1:32.15", 92.15m, "s")], facts.Where(f => f.Kind == FactKind.Number).Select(f => (f.Written, f.Value, f.Dimension)));
        Assert.Equal(FactsReference.Extract(text), facts);
    }

    private static void AssertSameFacts(IEnumerable<string> texts)
    {
        var failures = new List<string>();
        var compared = 0;
        foreach (var text in texts)
        {
            compared++;
            var expected = FactsReference.Extract(text);
            var actual = Facts.Extract(text);
            if (expected.SequenceEqual(actual)) continue;
            if (failures.Count < 5)
            {
                failures.Add($"text: {JsonSerializer.Serialize(text)}\n  reference: {string.Join(" | ", expected)}\n  extractor: {string.Join(" | ", actual)}");
            }
            else
            {
                failures.Add("");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} texts differ:\n" + string.Join("\n", failures.Where(f => f.Length > 0)));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TraceRegress.sln"))) return folder.FullName;
        }

        throw new InvalidOperationException("the repository root (TraceRegress.sln) was not found above " + AppContext.BaseDirectory);
    }

    // Every JSON and JSON Lines file under tests/ and examples/ (build output left out), in a stable order.
    private static IEnumerable<string> TraceFiles()
    {
        var root = RepositoryRoot();
        return new[] { "tests", "examples" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".jsonl", StringComparison.Ordinal))
            .Where(f => !f.Replace('\\', '/').Contains("/bin/", StringComparison.Ordinal) && !f.Replace('\\', '/').Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>
    /// The strings of a trace file: every property name and string value (and those of JSON held in strings), each
    /// document of a JSON Lines file, and, when the engine reads the file as a trace, every text it extracts facts from
    /// (message parts, tool arguments and results, attribute and event values), with the decoded form it also reads
    /// for JSON written with escapes.
    /// </summary>
    private static void AddTraceTexts(byte[] bytes, HashSet<string> texts)
    {
        var content = Encoding.UTF8.GetString(bytes);
        if (!AddJsonStrings(content, texts, depth: 0))
        {
            foreach (var line in content.Split('\n')) AddJsonStrings(line, texts, depth: 0);
        }

        AgentTrace trace;
        try
        {
            trace = AgentTrace.Parse(bytes, "differential.json");
        }
        catch (TraceFormatException)
        {
            return;
        }

        var context = new AttributionEngine().CreateContext(trace);
        foreach (var span in trace.Spans)
        {
            foreach (var spanText in context.Facts.TextsOf(span))
            {
                texts.Add(spanText.Text);
                if (spanText.Text.Contains('\\', StringComparison.Ordinal) && JsonContent.TryParseStructured(spanText.Text, out var root))
                {
                    texts.Add(Decoded(root));
                }
            }
        }
    }

    // The string values of a JSON document, one a line, as the engine reads JSON written with escapes.
    private static string Decoded(JsonElement root)
    {
        var decoded = new StringBuilder();
        var stack = new Stack<JsonElement>();
        stack.Push(root);
        var nodes = 0;
        while (stack.Count > 0 && nodes++ < 4096)
        {
            var e = stack.Pop();
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject()) stack.Push(p.Value);
                    break;
                case JsonValueKind.Array:
                    foreach (var i in e.EnumerateArray()) stack.Push(i);
                    break;
                case JsonValueKind.String:
                    decoded.Append(e.GetString()).Append('\n');
                    break;
            }
        }

        return decoded.ToString();
    }

    private static bool AddJsonStrings(string json, HashSet<string> texts, int depth)
    {
        if (string.IsNullOrWhiteSpace(json)) return false;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var stack = new Stack<JsonElement>();
            stack.Push(document.RootElement);
            while (stack.Count > 0)
            {
                var e = stack.Pop();
                switch (e.ValueKind)
                {
                    case JsonValueKind.Object:
                        foreach (var p in e.EnumerateObject())
                        {
                            texts.Add(p.Name);
                            stack.Push(p.Value);
                        }

                        break;
                    case JsonValueKind.Array:
                        foreach (var i in e.EnumerateArray()) stack.Push(i);
                        break;
                    case JsonValueKind.String:
                        var value = e.GetString()!;
                        texts.Add(value);
                        if (depth < 4 && value.TrimStart() is { Length: > 1 } t && t[0] is '{' or '[') AddJsonStrings(value, texts, depth + 1);
                        break;
                }
            }
        }

        return true;
    }
}

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Redaction;

namespace TraceRegress.Tests.Redaction;

/// <summary>
/// The scanner visits only the positions where an anchor may start. Whatever the text (anchors in any case,
/// next to characters outside ASCII that compare equal to ASCII letters ignoring case, at the very start and
/// end, cut short, with escapes and earlier placeholders), it must find exactly what a scan of every position
/// finds, with the built-in shapes and with user patterns of every kind (one character, two, outside ASCII,
/// without anchors).
/// </summary>
public class SecretTextSearchTests
{
    private const int Texts = 4000;

    // Characters that stress the comparisons: Kelvin sign, long s, dotless i, dotted I, accents, CJK, a surrogate pair.
    private static readonly string[] Odd = ["\u212A", "\u017F", "\u0131", "\u0130", "é", "É", "中", "😀", "\\", "\"", "\n", "\0", "~", "@", ":", "=", "/", ".", "-", "_", " "];

    private static readonly string[] Fillers =
    [
        "order", "refund", "the", "customer", "price", "page", "query", "status", "ask", "task", "desk", "SKU", "Glo", "in",
        "0123456789abcdef", "Zk3pQ9xW2mV7nB4tR8yL1cJ6hF0dS5aE", "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5", "YWRtaW4=",
        "kind: Secret\ndata:\n  user: YWRtaW4=\n", "[REDACTED:openai-key:1]", "https://user:pw@host/x", "a@b.co", "EMP-123456", "Ω12345",
    ];

    public static TheoryData<bool> WithUserPatterns() => new() { false, true };

    [Theory]
    [MemberData(nameof(WithUserPatterns))]
    public void The_search_finds_what_a_scan_of_every_position_finds(bool withUserPatterns)
    {
        IReadOnlyList<SecretShape> shapes = withUserPatterns ? [.. UserShapes(), .. SecretShapeTable.BuiltIn] : SecretShapeTable.BuiltIn;
        var search = new SecretTextScanner(shapes, SecretNames.Classify);
        var reference = new SecretTextScanner(shapes, SecretNames.Classify);
        var anchors = Anchors(shapes);
        var random = new Random(20261202);
        var withFindings = 0;
        for (var i = 0; i < Texts; i++)
        {
            var text = Text(random, anchors);
            var found = new List<TextMatch>();
            var expected = new List<TextMatch>();

            var anchored = search.Find(text, found);
            var expectedAnchored = reference.FindAtEveryPosition(text, expected);

            Assert.True(expected.SequenceEqual(found), $"text {i}: {JsonSerializer.Serialize(text)}\nexpected {string.Join(", ", expected)}\nfound    {string.Join(", ", found)}");
            Assert.Equal(expectedAnchored, anchored);

            // As the redactor does: what the UTF-8 bytes tell about the start of the text is not looked at again.
            var anchorFree = search.AnchorFreePrefix(Encoding.UTF8.GetBytes(text));
            var fromBytes = new List<TextMatch>();
            var anchoredFromBytes = anchorFree < Encoding.UTF8.GetByteCount(text) && search.Find(text, fromBytes, anchorFree);
            Assert.True(expected.SequenceEqual(fromBytes), $"text {i} from {anchorFree}: {JsonSerializer.Serialize(text)}\nexpected {string.Join(", ", expected)}\nfound    {string.Join(", ", fromBytes)}");
            Assert.Equal(expectedAnchored, anchoredFromBytes);
            if (found.Count > 0) withFindings++;
        }

        // The texts are not all trivially clean: many hold a secret the scan finds.
        Assert.True(withFindings > Texts / 4, $"{withFindings} of {Texts} texts hold a finding");
    }

    [Fact]
    public void A_text_without_any_anchor_is_reported_as_such()
    {
        var scanner = new SecretTextScanner(SecretShapeTable.BuiltIn, SecretNames.Classify);
        var found = new List<TextMatch>();

        Assert.False(scanner.Find("the customer ordered a refund for the invoice of the quarter", found));
        Assert.True(scanner.Find("the customer sent her password", found));
        Assert.Empty(found);
    }

    private static List<SecretShape> UserShapes()
    {
        const string config = """
            [
              { "name": "employee", "regex": "EMP-\\d{6}" },
              { "name": "at", "anchors": ["@"], "regex": "@[a-z]+" },
              { "name": "at-accent", "anchors": ["@"], "regex": "@[é中][a-z]*" },
              { "name": "two", "anchors": ["Zk"], "regex": "Zk[0-9A-Za-z]{8}" },
              { "name": "omega", "anchors": ["Ω"], "regex": "Ω[0-9]{5}" },
              { "name": "accent", "anchors": ["cé"], "regex": "cé[a-z]+" },
              { "name": "tilde", "prefix": "~x", "alphabet": "a-z", "minLength": 3 },
              { "name": "long-s", "prefix": "ab\u017F", "alphabet": "a-z", "minLength": 2 },
              { "name": "upper", "prefix": "QRS", "alphabet": "0-9", "minLength": 2 }
            ]
            """;
        using var document = JsonDocument.Parse(config);
        return document.RootElement.EnumerateArray().Select(e => SecretShapeTable.Read(e, RegexOptions.None)).ToList();
    }

    private static List<string> Anchors(IReadOnlyList<SecretShape> shapes) =>
    [
        .. shapes.SelectMany(s => s.Anchors),
        .. SecretNames.Words,
        RedactionPlaceholders.Prefix,
        "kind: secret",
    ];

    // Anchors in random case, often completed into a secret or an assignment, between fillers and odd characters.
    private static string Text(Random random, List<string> anchors)
    {
        var text = new StringBuilder();
        var parts = random.Next(2) == 0 ? random.Next(1, 4) : random.Next(1, 12);
        for (var p = 0; p < parts; p++)
        {
            switch (random.Next(6))
            {
                case 0 or 1:
                    var anchor = anchors[random.Next(anchors.Count)];
                    if (random.Next(3) == 0) anchor = RandomCase(random, anchor);
                    if (random.Next(4) == 0 && anchor.Length > 1) anchor = anchor[..random.Next(1, anchor.Length)];
                    text.Append(anchor);
                    if (random.Next(4) == 0) text.Append(Odd[random.Next(Odd.Length)]);
                    else if (random.Next(2) == 0) text.Append(random.Next(3) switch { 0 => "=", 1 => ": ", _ => "\":\"" }).Append(Fillers[random.Next(Fillers.Length)]);
                    else if (random.Next(2) == 0) text.Append(Fillers[random.Next(15, 18)]);
                    break;
                case 2:
                    text.Append(Odd[random.Next(Odd.Length)]);
                    break;
                default:
                    text.Append(Fillers[random.Next(Fillers.Length)]);
                    break;
            }

            if (random.Next(3) == 0) text.Append(' ');
        }

        return text.ToString();
    }

    // Upper, lower, and the characters outside ASCII that equal 'k', 's' and 'i' ignoring case, or almost.
    private static string RandomCase(Random random, string text)
    {
        var chars = new StringBuilder();
        foreach (var c in text)
        {
            chars.Append(random.Next(8) switch
            {
                0 => char.ToUpperInvariant(c),
                1 => char.ToLowerInvariant(c),
                2 when c is 'k' or 'K' => '\u212A',
                2 when c is 's' or 'S' => '\u017F',
                2 when c is 'i' or 'I' => random.Next(2) == 0 ? '\u0131' : '\u0130',
                _ => c,
            });
        }

        return chars.ToString();
    }
}

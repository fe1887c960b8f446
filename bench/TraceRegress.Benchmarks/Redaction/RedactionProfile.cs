using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using TraceRegress.Benchmarks.Load;
using TraceRegress.Formats;
using TraceRegress.Redaction;

namespace TraceRegress.Benchmarks.Redaction;

/// <summary>
/// Where redaction time goes, phase by phase, on the benchmark's trace: the phases the redactor goes through
/// (UTF-8 check, the reader over the document and over the JSON held in strings, decoding the leaf strings,
/// the text scan, names), each timed on its own beside <c>JsonDocument.Parse</c> of the same bytes, best of
/// several rounds (the process's CPU time, steadier than wall time on a shared machine).
/// Run: <c>dotnet bench/…/TraceRegress.Benchmarks.dll profile-redact [spans]</c>;
/// <c>profile-redact repeat N [spans]</c> only redacts, N times, for a sampling profiler.
/// </summary>
internal static class RedactionProfile
{
    public const string Command = "profile-redact";

    private const int Rounds = 7;

    public static void Run(string[] args)
    {
        if (args is ["repeat", var times, ..])
        {
            // For a sampling profiler (perf with DOTNET_PerfMapEnabled=1): the redaction alone, over and over.
            var trace = GeneratedTraces.Flat(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000);
            for (var i = 0; i < int.Parse(times, CultureInfo.InvariantCulture); i++) new TraceRedactor().Redact(trace, "profile.json");
            return;
        }

        var spans = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var bytes = GeneratedTraces.Flat(spans);

        // The texts the scanner sees: leaf strings (not JSON), decoded, and member names.
        var leaves = new List<byte[]>();
        var names = new List<byte[]>();
        Collect(bytes, leaves, names, 0);
        var leafChars = leaves.Select(l => Encoding.UTF8.GetString(l)).ToArray();
        var scanner = new SecretTextScanner([.. SecretShapeTable.BuiltIn], SecretNames.Classify);
        var matches = new List<TextMatch>();

        var phases = new (string Name, Action Action)[]
        {
            ("JsonDocument.Parse", () => { using var d = JsonDocument.Parse(bytes); }),
            ("detect format", () => TraceReaders.Detect(new TraceInput(bytes, "profile.json"), out _)),
            ("Utf8.IsValid", () => Utf8.IsValid(bytes)),
            ("reader: document", () => ReadAll(bytes)),
            ("reader: document + JSON in strings", () => Collect(bytes, null, null, 0)),
            ("decode leaf strings to chars", () =>
            {
                var buffer = new char[1 << 16];
                foreach (var leaf in leaves) Encoding.UTF8.GetChars(leaf, buffer.Length >= leaf.Length ? buffer : new char[leaf.Length]);
            }),
            ("scan leaf strings (SecretTextScanner.Find)", () =>
            {
                foreach (var text in leafChars)
                {
                    matches.Clear();
                    scanner.Find(text, matches);
                }
            }),
            ("classify 20,000 names (uncached)", () =>
            {
                foreach (var name in names.Take(20_000)) SecretNames.Classify(Encoding.UTF8.GetString(name));
            }),
            ("redact (the redactor, whole)", () => new TraceRedactor().Redact(bytes, "profile.json")),
        };

        var best = phases.ToDictionary(p => p.Name, _ => double.MaxValue);
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (name, action) in phases)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                action();
                if (round > 0) best[name] = Math.Min(best[name], (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            }
        }

        var parse = best["JsonDocument.Parse"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{spans:N0} spans, {bytes.Length / 1e6:F1} MB; {leaves.Count:N0} leaf strings ({leaves.Sum(l => (long)l.Length) / 1e6:F1} MB, {leaves.Count(l => l.Length < 16):N0} under 16 bytes), {names.Count:N0} names ({names.Select(n => Encoding.UTF8.GetString(n)).Distinct().Count():N0} distinct); best of {Rounds - 1} rounds, process CPU time"));
        foreach (var (name, _) in phases)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-45} {best[name],8:F1} ms  {best[name] / parse,5:F2}×"));
        }
    }

    private static void ReadAll(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 300 });
        while (reader.Read())
        {
        }
    }

    // Reads the document and, recursively, the JSON held in strings, as the redactor does.
    private static void Collect(ReadOnlySpan<byte> json, List<byte[]>? leaves, List<byte[]>? names, int depth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 300 });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                names?.Add(reader.ValueSpan.ToArray());
                continue;
            }

            if (reader.TokenType != JsonTokenType.String) continue;
            var raw = reader.ValueSpan;
            var text = reader.ValueIsEscaped ? Unescape(raw) : raw;
            var trimmed = text.TrimStart(" \t\r\n"u8);
            if (depth < 8 && trimmed.Length > 1 && trimmed[0] is (byte)'{' or (byte)'[' && (leaves is null || IsJson(text)))
            {
                try
                {
                    Collect(text, leaves, names, depth + 1);
                }
                catch (JsonException)
                {
                }

                continue;
            }

            leaves?.Add(text.ToArray());
        }
    }

    private static ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> raw)
    {
        var decoded = new byte[raw.Length];
        return decoded.AsSpan(0, JsonEscapes.Decode(raw, decoded));
    }

    private static bool IsJson(ReadOnlySpan<byte> text)
    {
        try
        {
            var reader = new Utf8JsonReader(text, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 300 });
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

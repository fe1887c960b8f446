using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TraceRegress.Engine.Text;

namespace TraceRegress.Benchmarks.Load;

/// <summary>
/// What the cheapest conceivable reads of a trace cost, beside <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// of the same bytes: the floor under any engine that reads the trace's content. Each row adds one necessity to the
/// one before: walking the tokens; turning every string value into a .NET string (what a model with string attribute
/// values must do); reading the message lists held as JSON inside those strings (what any gen-ai reader must do);
/// and running the fact extractor once over every distinct message text (what content attribution must do at least).
/// Two more rows put the least possible content work under those: every distinct text scanned once for digit runs
/// by a loop of a few instructions a character (no regular expressions), first over .NET strings, then with no .NET
/// string at all (the message lists unescaped into a reused byte buffer, texts told apart by a hash of their bytes):
/// the floor of a model that keeps content as UTF-8. CPU time, best of the rounds after the first.
/// </summary>
internal static class ReadFloor
{
    public const string Command = "profile-floor";

    public static void Run(IEnumerable<string> args)
    {
        foreach (var arg in args)
        {
            var kind = arg[..arg.IndexOf(':', StringComparison.Ordinal)];
            var size = int.Parse(arg[(arg.IndexOf(':', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
            var bytes = GeneratedTraces.Bytes(kind, size);
            var rows = new (string Name, Func<byte[], long> Read)[]
            {
                ("JsonDocument.Parse", b => { using var d = JsonDocument.Parse(b); return 0; }),
                ("token walk (Utf8JsonReader)", b => Walk(b, strings: false, nested: false, facts: false)),
                ("+ every string value a string", b => Walk(b, strings: true, nested: false, facts: false)),
                ("+ nested JSON strings read", b => Walk(b, strings: true, nested: true, facts: false)),
                ("+ facts of each distinct text", b => Walk(b, strings: true, nested: true, facts: true)),
                ("strings, nested, digit scan", b => Walk(b, strings: true, nested: true, facts: true, digitsOnly: true)),
                ("UTF-8 only, nested, digit scan", Utf8Walk),
            };
            var best = new double[rows.Length];
            var allocated = new long[rows.Length];
            for (var round = 0; round < 5; round++)
            {
                for (var i = 0; i < rows.Length; i++)
                {
                    GC.Collect();
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    rows[i].Read(bytes);
                    var ms = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
                    if (round == 0) continue;
                    if (best[i] == 0 || ms < best[i]) best[i] = ms;
                    allocated[i] = GC.GetAllocatedBytesForCurrentThread() - before;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind} {size:N0} spans, {bytes.Length:N0} bytes: read floors"));
            for (var i = 0; i < rows.Length; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rows[i].Name,-32} {best[i],8:F1} ms {best[i] / best[0],7:F2}×  allocated {allocated[i] / (double)bytes.Length,5:F2}× file"));
            }
        }
    }

    private static long Walk(byte[] utf8, bool strings, bool nested, bool facts, bool digitsOnly = false)
    {
        _digitsOnly = digitsOnly;
        var seen = facts ? new HashSet<string>(StringComparer.Ordinal) : null;
        long count = 0;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.String) continue;
            count++;
            if (!strings) continue;
            var text = reader.GetString()!;
            if (nested && text.Length > 1 && (text[0] == '[' || text[0] == '{'))
            {
                count += Nested(text, seen);
            }
            else if (seen is not null && text.Length > 16 && seen.Add(text))
            {
                count += Scan(text);
            }
        }

        return count;
    }

    [ThreadStatic]
    private static bool _digitsOnly;

    private static long Scan(string text) => _digitsOnly ? DigitRuns(text.AsSpan()) : Facts.Extract(text).Count;

    /// <summary>The least a fact scanner can do: count the runs of digits, one comparison a character (UTF-16 or UTF-8).</summary>
    private static int DigitRuns<T>(ReadOnlySpan<T> text)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var runs = 0;
        var inRun = false;
        foreach (var c in text)
        {
            var digit = (uint)(int.CreateTruncating(c) - '0') <= 9;
            if (digit && !inRun) runs++;
            inRun = digit;
        }

        return runs;
    }

    /// <summary>
    /// The same reads with no .NET string: each string value that holds JSON is unescaped into a reused byte buffer
    /// and read with a second reader; each distinct text (by a hash of its bytes and its length) is scanned for digit runs.
    /// </summary>
    private static long Utf8Walk(byte[] utf8)
    {
        var seen = new HashSet<ulong>();
        var outer = new byte[1 << 16];
        long count = 0;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.String) continue;
            count++;
            var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
            if (raw.Length < 2) continue;
            if (raw[0] is (byte)'[' or (byte)'{' || (raw[0] == (byte)'\\' && raw.Length > 6))
            {
                if (outer.Length < raw.Length) outer = new byte[Math.Max(raw.Length, outer.Length * 2)];
                var length = reader.CopyString(outer);
                var value = outer.AsSpan(0, length);
                if (value.Length > 0 && value[0] is (byte)'[' or (byte)'{')
                {
                    count += NestedUtf8(value, seen);
                    continue;
                }

                count += Distinct(value, seen);
                continue;
            }

            count += Distinct(raw, seen);
        }

        return count;
    }

    private static long NestedUtf8(ReadOnlySpan<byte> json, HashSet<ulong> seen)
    {
        long count = 0;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.String) continue;
                count++;
                count += Distinct(reader.ValueSpan, seen);
            }
        }
        catch (JsonException)
        {
        }

        return count;
    }

    private static int Distinct(ReadOnlySpan<byte> text, HashSet<ulong> seen)
    {
        if (text.Length <= 16) return 0;
        var hash = new HashCode();
        hash.AddBytes(text);
        return seen.Add(((ulong)(uint)hash.ToHashCode() << 32) | (uint)text.Length) ? DigitRuns(text) : 0;
    }

    private static long Nested(string json, HashSet<string>? seen)
    {
        long count = 0;
        var inner = System.Text.Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(inner, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.String) continue;
                var text = reader.GetString()!;
                count++;
                if (seen is not null && text.Length > 16 && seen.Add(text)) count += Scan(text);
            }
        }
        catch (JsonException)
        {
        }

        return count;
    }
}

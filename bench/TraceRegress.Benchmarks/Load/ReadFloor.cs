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
/// CPU time, best of the rounds after the first.
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

    private static long Walk(byte[] utf8, bool strings, bool nested, bool facts)
    {
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
                count += Facts.Extract(text).Count;
            }
        }

        return count;
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
                if (seen is not null && text.Length > 16 && seen.Add(text)) count += Facts.Extract(text).Count;
            }
        }
        catch (JsonException)
        {
        }

        return count;
    }
}

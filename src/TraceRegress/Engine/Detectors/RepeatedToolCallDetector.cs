using System.Globalization;
using System.Text;
using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The same tool called with the same arguments again and again (<see cref="AttributionOptions.RepetitionThreshold"/>
/// times, 3 by default): a loop that burns calls without progress. Arguments compare as JSON (key order and
/// spacing ignored); arguments that name only the runtime (<c>{"language": "python"}</c>) record no call. Reported on the first call that asked again what an identical call had already answered, else (a
/// retried failure) on the call that reached the threshold.
/// </summary>
internal sealed class RepeatedToolCallDetector : IDetector
{
    public string Id => "repeated-tool-call";

    public int Priority => 50;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var threshold = Math.Max(2, context.Options.RepetitionThreshold);
        var groups = new Dictionary<string, List<ToolCall>>(StringComparer.Ordinal);
        foreach (var call in context.View.ToolCalls.Calls)
        {
            // A call with no recorded arguments is never "identical" to another: nothing says what it was asked.
            if (call.Name.Length == 0 || call.Arguments is not { } arguments || arguments.Text.Trim().Length == 0 || OnlyRuntime(arguments.Text)) continue;
            var key = call.Name + "\u0000" + Canonical(arguments.Text);
            if (!groups.TryGetValue(key, out var calls)) groups[key] = calls = [];
            calls.Add(call);
            if (calls.Count != threshold) continue;

            var span = FirstNeedlessRepeat(calls)?.OriginSpan ?? call.OriginSpan;
            if (span is null) continue;
            var evidence = new List<Evidence>();
            foreach (var c in calls)
            {
                if (c.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
                else if (c.OriginSpan is { } s) evidence.Add(new Evidence(s.SpanId, GenAiSpanReader.AttributeSource("gen_ai.tool.name"), c.Name));
            }

            yield return context.CreateFinding(this, span, "Resource Abuse",
                string.Create(CultureInfo.InvariantCulture, $"The agent called {call.Name} {threshold} times with the same arguments."),
                evidence, 0.75);
        }
    }

    // The first call that asked again what an identical call had already answered (a result, no error): the loop began
    // there. Retrying a call that failed is no waste yet; the call that reached the threshold stands for such a loop.
    private static ToolCall? FirstNeedlessRepeat(List<ToolCall> calls)
    {
        for (var k = 1; k < calls.Count; k++)
        {
            var before = calls[k - 1];
            if (before.Result is { } r && !string.IsNullOrWhiteSpace(r.Text) && before.Error is null) return calls[k];
        }

        return null;
    }

    // Arguments that name only the runtime ({"language": "python"}, a code runner's span without its code) do not say
    // what was run: no more recorded than none.
    private static bool OnlyRuntime(string arguments)
    {
        if (arguments.Length > 200 || !arguments.TrimStart().StartsWith('{')) return false;
        using var document = JsonContent.ParseDocument(arguments);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object) return false;
        var any = false;
        foreach (var p in document.RootElement.EnumerateObject())
        {
            if (p.Name is not ("language" or "lang" or "kernel" or "runtime" or "timeout")) return false;
            any = true;
        }

        return any;
    }

    /// <summary>JSON with keys sorted and no spacing; text that is not JSON is trimmed.</summary>
    internal static string Canonical(string arguments)
    {
        var text = arguments.Trim();
        using var document = JsonContent.ParseDocument(text);
        if (document is null) return text;
        var sb = new StringBuilder(text.Length);
        Write(document.RootElement, sb, 0);
        return sb.ToString();
    }

    // Argument names repeat from call to call: each is written as a JSON string once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static int _names;

    private static string Name(string name)
    {
        if (Names.TryGetValue(name, out var written)) return written;
        written = Formats.JsonStringLiteral.Of(name);
        if (Volatile.Read(ref _names) < 4096 && Names.TryAdd(name, written)) Interlocked.Increment(ref _names);
        return written;
    }

    // Depth is bounded by JsonContent.MaxDepth, so recursion cannot overflow.
    private static void Write(JsonElement e, StringBuilder sb, int depth)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append(Name(p.Name)).Append(':');
                    Write(p.Value, sb, depth + 1);
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (i++ > 0) sb.Append(',');
                    Write(item, sb, depth + 1);
                }

                sb.Append(']');
                break;
            default:
                sb.Append(e.GetRawText());
                break;
        }
    }
}

using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Tool-call arguments the model produced that are not valid JSON, that miss parameters the tool's definition requires,
/// or that the tool rejected as invalid: a validation error (an HTTP 400 or 422, "Input should be a valid date", "invalid
/// format") that names one of the arguments or quotes the value the call gave it. Reported on the span that produced the
/// call (the model call when it was recorded): the tool only refused what it was sent.
/// </summary>
internal sealed partial class MalformedToolArgumentsDetector : IDetector
{
    // A tool's word that the input it was sent is invalid, not that something was missing or failed on its side.
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:422|unprocessable|validation|validat(?:e|ing) (?:failed|error)|invalid|not (?:a )?valid|should be (?:a |an )?valid|must be (?:a |an |in |of )|expected (?:format|type|a |an )|does not match (?:the )?(?:format|pattern|schema)|malformed|bad request|schema)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Rejection();

    // A tool that could not read its arguments into its parameters' types: .NET's System.Text.Json and FormatException,
    // Jackson, Pydantic, Python's int()/float().
    [System.Text.RegularExpressions.GeneratedRegex(@"could not be converted to|System\.Text\.Json\.JsonException|[Cc]annot deserialize|MismatchedInputException|InvalidFormatException|JsonMappingException|pydantic[\w.]*ValidationError|validation errors? for|invalid literal for (?:int|float)|could not convert string to float|InvalidCastException|input string was not in a correct format|is not of type '", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Unreadable();

    public string Id => "malformed-tool-arguments";

    public int Priority => 40;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.Arguments is not { } recorded) continue;
            var text = recorded.Text.Trim();
            if (text.Length == 0) continue;
            // The model call wrote the arguments, whichever span recorded them: the tool only choked on them. Where it
            // shows, the quote and the producer are worked out only for a finding.
            var tool = call.Name.Length > 0 ? call.Name : "a tool";
            // Plain text is a legitimate input for a tool that takes one string (LangChain's single-input tools);
            // text that starts as JSON and does not parse is not.
            var looksLikeJson = text[0] is '{' or '[';
            // LangChain records a tool's input, on the tool's own run, as the Python text of its dict: well-formed, read as the
            // JSON it stands for. Arguments a model call wrote that way are not.
            var recordedByTool = !view[recorded.Span].IsModelCall;
            using var document = JsonContent.ParseDocument(text) ?? (looksLikeJson && recordedByTool && PythonLiteral.ToJson(text) is { } json ? JsonContent.ParseDocument(json) : null);
            var root = document?.RootElement ?? default;
            if (document is null && looksLikeJson)
            {
                var args = new SourcedText(Producer(view, call) ?? recorded.Span, recorded.Source, recorded.Text);
                var quote = Quote.Cut(args.Text);
                var symptoms = Symptoms(call);
                yield return context.CreateFinding(this, args.Span, "Formatting Errors",
                    $"The arguments of the call to {tool} are not valid JSON.",
                    [new Evidence(recorded.Span.SpanId, recorded.Source, quote)], 0.85) with { Explains = symptoms };
                continue;
            }

            // The tool failed reading the arguments into its parameters (an amount "1.234,56" for a long): what the model
            // wrote did not fit the tool's types.
            if (call.ExecutionSpan is { Status.Code: SpanStatusCode.Error } failed && Unreadable(failed) is { } unreadable)
            {
                yield return context.CreateFinding(this, Producer(view, call) ?? recorded.Span, "Formatting Errors",
                    $"{tool} could not read the call's arguments into its parameters: \"{unreadable.Quote}\".",
                    [new Evidence(recorded.Span.SpanId, recorded.Source, Quote.Cut(recorded.Text)), unreadable], 0.8) with { Explains = Symptoms(call) };
                continue;
            }

            if (root.ValueKind == JsonValueKind.Object && call.Error is not null && Rejected(call, root) is { } rejected)
            {
                yield return context.CreateFinding(this, Producer(view, call) ?? recorded.Span, "Formatting Errors",
                    $"{tool} rejected the call's argument '{rejected.Key}' as invalid: \"{rejected.Said.Quote}\".",
                    [new Evidence(recorded.Span.SpanId, recorded.Source, rejected.Written), rejected.Said], 0.8) with { Explains = Symptoms(call) };
                continue;
            }

            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name) is not { } definition) continue;
            if (definition.RequiredParameters.Count == 0 && definition.Parameters.Count == 0) continue;
            if (root.ValueKind != JsonValueKind.Object)
            {
                var args = new SourcedText(Producer(view, call) ?? recorded.Span, recorded.Source, recorded.Text);
                var quote = Quote.Cut(args.Text);
                var symptoms = Symptoms(call);
                yield return context.CreateFinding(this, args.Span, "Formatting Errors",
                    $"The arguments of the call to {tool} are not a JSON object, as its definition requires.",
                    [new Evidence(recorded.Span.SpanId, recorded.Source, quote)], 0.8) with { Explains = symptoms };
                continue;
            }

            var missing = definition.RequiredParameters.Where(p => !root.TryGetProperty(p, out var v) || v.ValueKind == JsonValueKind.Null).ToArray();
            if (missing.Length == 0) continue;
            var lacking = Symptoms(call);
            var producer = Producer(view, call) ?? recorded.Span;
            var cut = Quote.Cut(recorded.Text);
            yield return context.CreateFinding(this, producer, "Formatting Errors",
                $"The call to {tool} lacks the required parameter{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}.",
                [new Evidence(recorded.Span.SpanId, recorded.Source, cut), new Evidence(declaring.Span.SpanId, definition.Source, definition.Name)], 0.8) with { Explains = lacking };
        }
    }

    /// <summary>
    /// The argument a tool's validation error rejects: the error says the input is invalid and, on that line, names an
    /// argument's key or quotes the string value the call gave it. Null when the result is no such rejection.
    /// </summary>
    private static (string Key, string Written, Evidence Said)? Rejected(ToolCall call, JsonElement args)
    {
        foreach (var result in call.Results)
        {
            var text = result.Text;
            var rejections = Rejection().Matches(text);
            if (rejections.Count == 0) continue;
            foreach (var p in args.EnumerateObject())
            {
                var value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : null;
                var byValue = value is { Length: >= 3 } ? text.IndexOf(value, StringComparison.Ordinal) : -1;
                var byKey = p.Name.Length >= 3 ? WholeWords.Find(text, p.Name) : -1;
                var at = byValue >= 0 ? byValue : byKey;
                if (at < 0) continue;
                var length = byValue >= 0 ? value!.Length : p.Name.Length;
                var written = JsonProperties.Written(call.Arguments!.Text, p) ?? (value ?? p.Name);
                // The rejection nearest the argument, quoted with it: from the first of the two to the end of the other.
                var m = rejections.MinBy(r => Math.Abs(r.Index - at))!;
                var from = Math.Min(at, m.Index);
                var to = Math.Max(at + length, m.Index + m.Length);
                var said = to - from <= 240 ? text[from..to] : ErrorText.LineAround(text, at, 160);
                return (p.Name, written, new Evidence(result.Span.SpanId, result.Source, said));
            }
        }

        return null;
    }

    /// <summary>Where a failed tool span says it could not read its input into its types: its status message, or an exception event's message.</summary>
    private static Evidence? Unreadable(Span span)
    {
        if (span.Status.Message is { Length: > 0 } message && Unreadable().Match(message) is { Success: true })
        {
            return new Evidence(span.SpanId, "status.message", ErrorText.LineAround(message, 0));
        }

        foreach (var e in span.Events)
        {
            if (e.Attributes.GetString("exception.message") is { Length: > 0 } said && Unreadable().IsMatch(said + " " + e.Attributes.GetString("exception.type")))
            {
                return new Evidence(span.SpanId, $"events[{span.Events.ToList().IndexOf(e).ToString(System.Globalization.CultureInfo.InvariantCulture)}] exception.message", ErrorText.LineAround(said, 0));
            }
        }

        return null;
    }

    /// <summary>The model call that produced a call's arguments: the one whose output asked for it, else the model call the tool ran under or last before it.</summary>
    internal static Span? Producer(TraceView view, ToolCall call)
    {
        if (call.RequestedBy is { } requester) return requester.Span;
        if (call.Execution?.Span is not { } tool) return null;
        for (var a = tool.Parent; a is not null; a = a.Parent)
        {
            if (view[a].IsModelCall) return a;
        }

        // Depth-first order: the nearest model call before the tool span (bounded look-back).
        for (var i = tool.Index - 1; i >= 0 && i >= tool.Index - 256; i--)
        {
            var g = view.Spans[i];
            if (g.IsModelCall && !view.Contains(g.Span, tool)) return g.Span;
        }

        return null;
    }

    /// <summary>Where bad arguments show: the tool span and what ran under it.</summary>
    private static IReadOnlyList<string> Symptoms(ToolCall call)
    {
        if (call.Execution?.Span is not { } tool) return call.RespondedIn is { } r ? [r.Span.SpanId] : [];
        var ids = new List<string> { tool.SpanId };
        foreach (var d in tool.Descendants())
        {
            if (ids.Count >= 64) break;
            ids.Add(d.SpanId);
        }

        return ids;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// HTTP status codes that name a failure: on spans (<c>http.status_code</c>, <c>http.response.status_code</c>, Micrometer's
/// <c>status</c> tag beside <c>outcome</c> and <c>uri</c>) and
/// inside tool results (<c>"status": 429</c>, <c>HTTP 503</c>). 429 → Rate Limiting, 401/403 → Authentication Errors,
/// 404/410 → Resource Not Found, 408/504 → Timeout Issues, other 5xx → Service Errors.
/// </summary>
internal sealed partial class HttpStatusDetector : IDetector
{
    internal static readonly string[] StatusAttributes = ["http.response.status_code", "http.status_code"];
    private static readonly string[] StatusKeys = ["status", "status_code", "statusCode", "http_status", "httpStatus", "http_status_code"];

    [GeneratedRegex(@"\b(?:HTTP(?:/\d(?:\.\d)?)?|[Ss]tatus(?:[ _]?[Cc]ode)?)\s*[:=]?\s*([45]\d\d)\b|\b([45]\d\d) (?:Too Many Requests|Unauthorized|Forbidden|Not Found|Gone|Request Timeout|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b", RegexOptions.CultureInvariant)]
    private static partial Regex StatusInText();

    public string Id => "http-status";

    public int Priority => 10;

    public static string? Leaf(long code) => code switch
    {
        429 => ErrorText.RateLimiting,
        401 or 403 => ErrorText.AuthenticationErrors,
        404 or 410 => ErrorText.ResourceNotFound,
        408 or 504 => ErrorText.TimeoutIssues,
        >= 500 and <= 599 => ErrorText.ServiceErrors,
        _ => null,
    };

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var span in context.Trace.Spans)
        {
            if (SpanStatus(span) is not var (key, code, quote)) continue;
            yield return context.CreateFinding(this, ToolRequests.CallOf(context, span), Leaf(code)!,
                $"The call answered HTTP {code.ToString(CultureInfo.InvariantCulture)}.",
                [new Evidence(span.SpanId, GenAiSpanReader.AttributeSource(key), quote)], 0.9);
        }

        foreach (var call in context.View.ToolCalls.Calls)
        {
            foreach (var result in call.Results)
            {
                if (FindInResult(result) is not { } found) continue;
                var tool = call.Name.Length > 0 ? $"The {call.Name} tool" : "A tool";
                yield return context.CreateFinding(this, call.Execution?.Span ?? result.Span, found.Leaf,
                    $"{tool} reported HTTP {found.Code.ToString(CultureInfo.InvariantCulture)}.",
                    [new Evidence(result.Span.SpanId, found.Source, found.Quote)], 0.85);
                break;
            }
        }
    }

    /// <summary>
    /// The failing HTTP status a span records, with the attribute it stands in: OpenTelemetry's status attributes, else
    /// Micrometer's HTTP client observation (Spring's RestClient and WebClient, exported through Brave or OTel), a plain
    /// "status" tag beside its "outcome" and "uri" tags. Null when the span records none that names a failure.
    /// </summary>
    private static (string Key, long Code, string Quote)? SpanStatus(Span span)
    {
        foreach (var key in StatusAttributes)
        {
            if (span.Attributes.TryGetValue(key, out var value) && value.TryGetInt64(out var code) && Leaf(code) is not null) return (key, code, value.ToString());
        }

        if (span.Attributes.TryGetValue("status", out var tagged) && span.Attributes.ContainsKey("outcome") && span.Attributes.ContainsKey("uri")
            && long.TryParse(tagged.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var status) && Leaf(status) is not null)
        {
            return ("status", status, tagged.ToString());
        }

        return null;
    }

    // What a status is read from: a property named status..., ...Status... or code in JSON, or the wording of the
    // text pattern. Text with no escapes that spells none of them holds no status, JSON or not: it is not parsed.
    private static readonly System.Buffers.SearchValues<string> StatusLiterals = System.Buffers.SearchValues.Create(
        ["status", "Status", "code", "HTTP", "Too Many Requests", "Unauthorized", "Forbidden", "Not Found", "Gone", "Request Timeout",
         "Internal Server Error", "Bad Gateway", "Service Unavailable", "Gateway Timeout"],
        StringComparison.Ordinal);

    private static (long Code, string Leaf, string Source, string Quote)? FindInResult(SourcedText result)
    {
        if (!result.Text.Contains('\\', StringComparison.Ordinal) && result.Text.AsSpan().IndexOfAny(StatusLiterals) < 0) return null;
        if (result.Json is { } root)
        {

            var steps = new JsonPathSteps();
            var stack = new Stack<(JsonElement, int, int)>();
            stack.Push((root, JsonPathSteps.Root, 0));
            var visited = 0;
            while (stack.Count > 0 && visited++ < 4096)
            {
                var (element, step, depth) = stack.Pop();
                if (element.ValueKind == JsonValueKind.Object)
                {
                    // The path ends with "error" when the object is the value of a plainly written property ending so.
                    var underError = steps.NameOf(step) is { } parentName && parentName.EndsWith("error", StringComparison.Ordinal) && JsonContent.IsPlainName(parentName);
                    foreach (var property in element.EnumerateObject())
                    {
                        var isStatus = IsStatusKey(property) || (underError && property.NameEquals("code"u8));
                        if (isStatus && ReadCode(property.Value) is { } code && Leaf(code) is { } leaf)
                        {
                            var at = JsonContent.Property(steps.PathOf(step), property.Name);
                            return (code, leaf, result.At(at), JsonContent.Text(property.Value));
                        }
                    }

                    if (depth < 8)
                    {
                        List<(JsonElement, int, int)>? children = null;
                        foreach (var property in element.EnumerateObject())
                        {
                            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) (children ??= []).Add((property.Value, steps.Property(step, property.Name), depth + 1));
                        }

                        for (var i = (children?.Count ?? 0) - 1; i >= 0; i--) stack.Push(children![i]);
                    }
                }
                else if (element.ValueKind == JsonValueKind.Array && depth < 8)
                {
                    var items = element.EnumerateArray().ToArray();
                    for (var i = items.Length - 1; i >= 0; i--) stack.Push((items[i], steps.Index(step, i), depth + 1));
                }
            }

            return null;
        }

        var m = StatusInText().Match(result.Text);
        if (!m.Success) return null;
        var digits = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
        var number = long.Parse(digits, CultureInfo.InvariantCulture);
        return Leaf(number) is { } l ? (number, l, result.Source, m.Value) : null;
    }

    private static bool IsStatusKey(JsonProperty property)
    {
        foreach (var key in StatusKeys)
        {
            if (property.NameEquals(key)) return true;
        }

        return false;
    }

    private static long? ReadCode(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}

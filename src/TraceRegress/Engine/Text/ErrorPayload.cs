using System.Text.Json;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Text;

/// <summary>An error found in a tool's output: where, the quote, and the text the category is decided from.</summary>
/// <param name="Source">Location in the span (the result's location plus a JSON path).</param>
/// <param name="Quote">Verbatim text from the result.</param>
/// <param name="Detail">The whole error value (message, code, type), for classification.</param>
/// <param name="Structural">True when the payload says so in its structure (<c>error</c>, <c>isError</c>, <c>status</c>), false for error wording in free text.</param>
public sealed record ErrorPayloadMatch(string Source, string Quote, string Detail, bool Structural);

/// <summary>
/// Finds error payloads in tool output: JSON with <c>error</c>/<c>errors</c>/<c>isError: true</c>/<c>status: "error"</c>/
/// <c>success: false</c>, or error wording (tracebacks, <c>…Error:</c> lines, error statuses) in text. Status codes lie:
/// this reads the payload whatever the span's status says.
/// </summary>
internal static partial class ErrorPayload
{
    // A page's title that says the page is not there: "Page Not Found | Happy Tails Lodge", "404 - File not found", "Not Found".
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?:404\b|(?:page|file|resource) not found\b|not found\s*$)|\b(?:404|page not found)\s*(?:[|\-–—:·]|$)", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex NotFoundTitle();

    private static readonly string[] ErrorKeys = ["error", "errors", "err", "exception", "error_message", "errorMessage", "error_msg", "fault"];
    private static readonly string[] MessageKeys = ["message", "msg", "detail", "details", "description", "error_description", "reason", "text", "content"];
    private const int MaxNodes = 4096;

    // Every key the structural reading looks for, as it is written in JSON text with no escapes.
    private static readonly System.Buffers.SearchValues<string> StructuralKeys = System.Buffers.SearchValues.Create(
        ["\"error", "\"err\"", "\"exception\"", "\"errorMessage\"", "\"fault\"", "\"isError\"", "\"is_error\"", "\"success\"", "\"ok\"",
         "\"status", "\"statusCode\"", "\"http_status\"", "\"httpStatus\"", "\"code\"", "\"cod\"", "_errors\"", "Errors\"", "\"timed_out\"",
         "\"timedOut\"", "Not Found", "not found", "Not found", "NOT FOUND", "404", "\"OperationOutcome\"", "retry_after", "retryAfter", "Retry-After", "atelimit", "\"throttled\"", "\"rate_limited\"", "\"authenticated\"", "token_state\"", "token_status\"", "\"anonymous\"", "\"guest\""],
        StringComparison.Ordinal);

    /// <summary>
    /// The first issue of a FHIR OperationOutcome whose code names a failure, with its code as written and the words
    /// the category is read from; null for any other object, or an outcome whose issues are only informational.
    /// </summary>
    private static (string Quote, string Detail)? OperationOutcomeIssue(JsonElement element, string raw)
    {
        if (JsonContent.String(element, "resourceType") != "OperationOutcome" || !element.TryGetProperty("issue", out var issues) || issues.ValueKind != JsonValueKind.Array) return null;
        foreach (var issue in issues.EnumerateArray())
        {
            if (issue.ValueKind != JsonValueKind.Object || JsonContent.String(issue, "code") is not { } code) continue;
            var meaning = code switch
            {
                "not-found" or "deleted" => "404 not found",
                "throttled" or "too-costly" => "429 too many requests, rate limit",
                "timeout" => "timed out",
                "forbidden" or "security" or "login" => "403 forbidden",
                "exception" or "transient" or "incomplete" => "503 service unavailable",
                _ => null,
            };
            if (meaning is null) continue;
            var property = issue.EnumerateObject().First(p => p.NameEquals("code"));
            var diagnostics = JsonContent.String(issue, "diagnostics") ?? "";
            return (JsonProperties.Written(raw, property) ?? $"\"code\": \"{code}\"", $"{meaning}: {diagnostics}");
        }

        return null;
    }

    /// <summary>
    /// The field of an object that says no requests remain (<c>"x_ratelimit_remaining": 0</c>, <c>"rate_limit_remaining": 0</c>,
    /// a rate limit's own <c>"remaining": 0</c>) beside a wait above zero, or that says the request was throttled
    /// (<c>"throttled": true</c>); null otherwise.
    /// </summary>
    private static (string Name, string Quote)? Throttled(JsonElement element, string raw)
    {
        JsonProperty? wait = null;
        JsonProperty? remaining = null;
        foreach (var p in element.EnumerateObject())
        {
            var key = JsonProperties.Key(p.Name);
            // When to come back: a retry-after, or the reset of a limit that has run out.
            if (key is "retryafter" or "retryafterseconds" or "retryaftersec" or "retryafterms" or "ratelimitreset" or "xratelimitreset" && Amount(p.Value) > 0) wait ??= p;
            // The quota itself, said to be spent ("shopping_quota": "exhausted").
            if (key.Contains("quota", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is "exhausted" or "exceeded" or "depleted") wait ??= p;
            if (key.EndsWith("ratelimitremaining", StringComparison.Ordinal) && Amount(p.Value) == 0) remaining = p;
            // Inside a rate limit's own object the count is plain "remaining".
            if (key == "remaining" && Amount(p.Value) == 0) remaining ??= p;
            // The response says so itself ("throttled": true).
            if (key is "throttled" or "ratelimited" or "isthrottled" or "isratelimited" && p.Value.ValueKind == JsonValueKind.True) return (p.Name, JsonProperties.Quote(raw, p));
        }

        // A retry-after alone is advice; with no requests remaining it is a refusal. The quote is what says none remain.
        return wait is { } && remaining is { } r ? (r.Name, JsonProperties.Quote(raw, r)) : null;

        // A number as JSON writes it, or as a header copied into JSON writes it ("0", "47").
        static decimal? Amount(JsonElement v) => v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var n) ? n
            : v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null;
    }

    /// <summary>
    /// The field of a session object that says the call was not authenticated: <c>"token_state": "expired"</c> (or
    /// invalid, revoked), or a guest or anonymous principal beside <c>"authenticated": false</c> or a reason that its login
    /// expired (<c>"reason": "oauth_refresh_token_expired"</c>); null otherwise.
    /// </summary>
    private static (string Name, string Quote)? Unauthenticated(JsonElement element, string raw)
    {
        JsonProperty? unauthenticated = null;
        JsonProperty? guest = null;
        JsonProperty? expired = null;
        foreach (var p in element.EnumerateObject())
        {
            var key = JsonProperties.Key(p.Name);
            var value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()!.ToLowerInvariant() : null;
            if (key is "tokenstate" or "tokenstatus" && value is "expired" or "invalid" or "revoked") return (p.Name, JsonProperties.Quote(raw, p));
            if (key is "authenticated" or "isauthenticated" && p.Value.ValueKind == JsonValueKind.False) unauthenticated = p;
            if (key is "principal" or "user" or "role" or "mode" or "access" && value is "guest" or "anonymous" or "public") guest = p;
            // Why the caller is a guest: "reason": "oauth_refresh_token_expired", "session_expired", "login_required".
            if (value is not null && key is "reason" or "status" or "cause" or "detail" or "message"
                && (value.Contains("expired", StringComparison.Ordinal) || value.Contains("login_required", StringComparison.Ordinal) || value.Contains("unauthenticated", StringComparison.Ordinal))) expired = p;
        }

        if (unauthenticated is { } u && guest is not null) return (u.Name, JsonProperties.Quote(raw, u));
        return guest is not null && expired is { } e ? (e.Name, JsonProperties.Quote(raw, e)) : null;
    }

    public static ErrorPayloadMatch? Find(SourcedText result)
    {
        // Text with no escapes, none of the keys an error payload is read from and no error wording holds no error,
        // whether it parses as JSON or not: it is not parsed.
        var text = result.Text;
        if (!text.Contains('\\', StringComparison.Ordinal) && text.AsSpan().IndexOfAny(StructuralKeys) < 0 && !ErrorText.MayHoldErrorText(text)) return null;
        if (result.Json is { } root)
        {
            return FindStructural(root, result) ?? FindInLeaves(root, result);
        }

        return FindInText(result.Text, result.Source);
    }

    private static ErrorPayloadMatch? FindInText(string text, string source)
    {
        var m = ErrorText.FindToolErrorText(text);
        return m is null ? null : new ErrorPayloadMatch(source, ErrorText.LineAround(text, m.Index), text, false);
    }

    private static ErrorPayloadMatch? FindStructural(JsonElement root, SourcedText result)
    {
        // Paths are kept as steps and spelled out only for the node that matches. A FHIR outcome and a throttled response
        // are looked for only in a payload that names an outcome or a rate limit.
        var outcomes = result.Text.Contains("OperationOutcome", StringComparison.Ordinal);
        var rateLimits = result.Text.Contains("atelimit", StringComparison.OrdinalIgnoreCase) || result.Text.Contains("ate_limit", StringComparison.OrdinalIgnoreCase) || result.Text.Contains("ate-limit", StringComparison.OrdinalIgnoreCase)
            || result.Text.Contains("throttled\"", StringComparison.Ordinal) || result.Text.Contains("rate_limited\"", StringComparison.Ordinal);
        var sessions = result.Text.Contains("\"authenticated\"", StringComparison.Ordinal) || result.Text.Contains("token_state\"", StringComparison.Ordinal) || result.Text.Contains("token_status\"", StringComparison.Ordinal)
            || result.Text.Contains("\"anonymous\"", StringComparison.Ordinal) || result.Text.Contains("\"guest\"", StringComparison.Ordinal);
        var steps = new JsonPathSteps();
        var queue = new Queue<(JsonElement Element, int Step, int Depth)>();
        queue.Enqueue((root, JsonPathSteps.Root, 0));
        var visited = 0;
        while (queue.Count > 0 && visited++ < MaxNodes)
        {
            var (element, step, depth) = queue.Dequeue();
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var key in ErrorKeys)
                {
                    if (element.TryGetProperty(key, out var value) && IsPresent(value))
                    {
                        // A fault is the service's when it is the response itself or says what failed in fields of its
                        // own (Apigee's and SOAP's {"fault": {"faultstring": ...}}); a record's fault in words ("fault":
                        // "Not draining") is what the record is about.
                        if (key == "fault" && depth > 0 && value.ValueKind == JsonValueKind.String) continue;
                        var at = JsonContent.Property(steps.PathOf(step), key);
                        var (quote, quotePath) = MessageOf(value, at);
                        return new ErrorPayloadMatch(result.At(quotePath), quote, value.GetRawText(), true);
                    }
                }

                // A list of errors under its own name (GraphQL's errors as a client wraps them, "graphql_errors",
                // "validation_errors"; Shopify's "userErrors"), not empty.
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Array && property.Value.GetArrayLength() > 0
                        && property.Name.Length > 6 && property.Name.EndsWith("errors", StringComparison.OrdinalIgnoreCase))
                    {
                        var at = JsonContent.Property(steps.PathOf(step), property.Name);
                        var (quote, quotePath) = MessageOf(property.Value, at);
                        return new ErrorPayloadMatch(result.At(quotePath), quote, property.Value.GetRawText(), true);
                    }
                }

                // A search that ran out of time and returned what it had (Elasticsearch's "timed_out": true): its hits are partial.
                foreach (var key in (ReadOnlySpan<string>)["timed_out", "timedOut"])
                {
                    if (Flag(element, key, true))
                    {
                        var at = JsonContent.Property(steps.PathOf(step), key);
                        var flag = element.EnumerateObject().First(p => p.NameEquals(key));
                        var written = JsonProperties.Written(result.Text, flag) ?? $"\"{key}\": true";
                        return new ErrorPayloadMatch(result.At(at), written, "timed out: " + element.GetRawText(), true);
                    }
                }

                // A FHIR server's OperationOutcome (inside a search Bundle answered with 200, or on its own): an issue
                // whose code says what failed ("not-found", "throttled", "forbidden", "timeout").
                if (outcomes && OperationOutcomeIssue(element, result.Text) is { } issue)
                {
                    var at = JsonContent.Property(steps.PathOf(step), "issue");
                    return new ErrorPayloadMatch(result.At(at), issue.Quote, issue.Detail, true);
                }

                // A response served to a caller the service did not recognise: a guest or anonymous principal, or a token
                // the service calls expired, where the run expected a signed-in caller.
                if (sessions && Unauthenticated(element, result.Text) is { } session)
                {
                    var at = JsonContent.Property(steps.PathOf(step), session.Name);
                    return new ErrorPayloadMatch(result.At(at), session.Quote, "401 unauthorized, authentication: " + element.GetRawText(), true);
                }

                // A response that says the caller is out of requests and must wait ("x_ratelimit_remaining": 0 beside
                // "retry_after_seconds": 23): what it holds is what a throttled request got, whatever its status.
                if (rateLimits && Throttled(element, result.Text) is { } throttled)
                {
                    var at = JsonContent.Property(steps.PathOf(step), throttled.Name);
                    return new ErrorPayloadMatch(result.At(at), throttled.Quote, "429 too many requests, rate limit: " + element.GetRawText(), true);
                }

                // A page served with status 200 whose title says it is not there (a soft 404).
                if (JsonContent.String(element, "title") is { } title && NotFoundTitle().IsMatch(title))
                {
                    var at = JsonContent.Property(steps.PathOf(step), "title");
                    return new ErrorPayloadMatch(result.At(at), Quote.Cut(title), "404 not found: " + title, true);
                }

                if (Flag(element, "isError", true) || Flag(element, "is_error", true) || Flag(element, "success", false) || Flag(element, "ok", false)
                    || (JsonContent.String(element, "status") is { } status && status.ToLowerInvariant() is "error" or "failed" or "failure" or "fail" or "errored"
                        && OwnOutcome(element, depth))
                    || HttpFailureStatus(element))
                {
                    var (quote, quotePath) = SiblingMessage(element, steps.PathOf(step));
                    return new ErrorPayloadMatch(result.At(quotePath), quote, element.GetRawText(), true);
                }

                // A copy served because the source could not be reached (a cache's "status": "STALE" beside
                // "stale_reason": "origin_unreachable"): the service behind the tool failed, and what it returned may be
                // out of date.
                if (StaleFallback(element) is { } stale)
                {
                    var at = JsonContent.Property(steps.PathOf(step), stale.Name);
                    return new ErrorPayloadMatch(result.At(at), stale.Value.GetString()!, element.GetRawText(), true);
                }

                if (depth < 8)
                {
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) queue.Enqueue((property.Value, steps.Property(step, property.Name), depth + 1));
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array && depth < 8)
            {
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array) queue.Enqueue((item, steps.Index(step, i), depth + 1));
                    i++;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when a failed status is the call's own outcome: the response itself, short (a status beside a message or a
    /// code), or one that says why. A record the tool read whose state is failed (a build, a job, a payment among many
    /// fields, an item of a list) is data about that thing, not the tool failing.
    /// </summary>
    private static bool OwnOutcome(JsonElement element, int depth)
    {
        var count = 0;
        foreach (var property in element.EnumerateObject())
        {
            count++;
            foreach (var key in MessageKeys)
            {
                if (key is not ("text" or "content" or "description") && property.NameEquals(key)) return true;
            }
        }

        return depth == 0 && count <= 6;
    }

    /// <summary>Error wording inside string values (stderr, output), for payloads with no error field.</summary>
    private static ErrorPayloadMatch? FindInLeaves(JsonElement root, SourcedText result)
    {
        // Without escapes every string value is a piece of the text: text with no error wording has none in its values.
        if (!result.Text.Contains('\\', StringComparison.Ordinal) && !ErrorText.MayHoldErrorText(result.Text)) return null;

        // Paths are kept as steps (parent, name or index) and spelled out only for the leaf that matches.
        var steps = new List<(int Parent, string? Name, int Index)> { (-1, null, 0) };
        var stack = new Stack<(JsonElement Element, int Step, int Depth)>();
        stack.Push((root, 0, 0));
        var visited = 0;
        var leaves = new List<(int Step, JsonElement Element)>();
        while (stack.Count > 0 && visited++ < MaxNodes)
        {
            var (element, step, depth) = stack.Pop();
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    leaves.Add((step, element));
                    break;
                case JsonValueKind.Object when depth < 16:
                    {
                        foreach (var p in element.EnumerateObject()) steps.Add((step, p.Name, 0));
                        var i = steps.Count;
                        foreach (var p in element.EnumerateObject().Reverse()) stack.Push((p.Value, --i, depth + 1));
                        break;
                    }

                case JsonValueKind.Array when depth < 16:
                    {
                        var length = element.GetArrayLength();
                        var first = steps.Count;
                        for (var i = 0; i < length; i++) steps.Add((step, null, i));
                        for (var i = length - 1; i >= 0; i--) stack.Push((element[i], first + i, depth + 1));
                        break;
                    }
            }
        }

        foreach (var (step, element) in leaves)
        {
            var text = element.GetString()!;
            var field = steps[step].Name is not null;
            if ((field ? ErrorText.FindToolErrorText(text) : ErrorText.FindErrorText(text)) is { } m) return new ErrorPayloadMatch(result.At(PathOf(steps, step)), ErrorText.LineAround(text, m.Index), text, false);
        }

        return null;
    }

    private static string PathOf(List<(int Parent, string? Name, int Index)> steps, int step)
    {
        var chain = new List<int>();
        for (var at = step; at > 0; at = steps[at].Parent) chain.Add(at);
        var path = "$";
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var (_, name, index) = steps[chain[i]];
            path = name is not null ? JsonContent.Property(path, name) : JsonContent.Index(path, index);
        }

        return path;
    }

    private static bool IsPresent(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Trim().Length > 0,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        JsonValueKind.True => true,
        JsonValueKind.Number => value.TryGetInt64(out var n) && n != 0,
        _ => false,
    };

    private static readonly string[] HttpStatusKeys = ["status", "status_code", "statusCode", "http_status", "httpStatus"];

    /// <summary>An HTTP status of 400 or more beside the data (<c>{"deals": [], "status": 403}</c>): the call failed whatever else came back.</summary>
    // APIs that answer an error in the body name its HTTP status "status" (also as text: GitHub's "status": "401"), or
    // "code" / "cod" (OpenWeatherMap) beside a message.
    private static readonly string[] CodeKeys = ["code", "cod"];

    /// <summary>
    /// The property that says why an object is a stale copy: the object is marked stale (<c>"stale": true</c>, a status
    /// of <c>STALE</c>) and one of its strings says the source was unreachable, unavailable, down, failing or timing out.
    /// </summary>
    private static JsonProperty? StaleFallback(JsonElement obj)
    {
        var stale = false;
        JsonProperty? why = null;
        foreach (var p in obj.EnumerateObject())
        {
            if ((p.Value.ValueKind == JsonValueKind.True && p.Name.Contains("stale", StringComparison.OrdinalIgnoreCase))
                || (p.Value.ValueKind == JsonValueKind.String && p.Name.Contains("status", StringComparison.OrdinalIgnoreCase)
                    && p.Value.GetString()!.Equals("stale", StringComparison.OrdinalIgnoreCase)))
            {
                stale = true;
            }
            else if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: < 200 } text
                     && (text.Contains("unreachable", StringComparison.OrdinalIgnoreCase) || text.Contains("unavailable", StringComparison.OrdinalIgnoreCase)
                         || text.Contains("timeout", StringComparison.OrdinalIgnoreCase) || text.Contains("timed out", StringComparison.OrdinalIgnoreCase)
                         || text.Contains("origin_down", StringComparison.OrdinalIgnoreCase) || text.Contains("origin down", StringComparison.OrdinalIgnoreCase)
                         || text.Contains("error", StringComparison.OrdinalIgnoreCase) || text.Contains("failed", StringComparison.OrdinalIgnoreCase)))
            {
                why ??= p;
            }
        }

        return stale ? why : null;
    }

    private static bool HttpFailureStatus(JsonElement obj)
    {
        foreach (var key in HttpStatusKeys)
        {
            if (obj.TryGetProperty(key, out var v) && IsFailureCode(v)) return true;
        }

        foreach (var key in CodeKeys)
        {
            if (!obj.TryGetProperty(key, out var v) || !IsFailureCode(v)) continue;
            foreach (var message in MessageKeys)
            {
                if (obj.TryGetProperty(message, out var m) && m.ValueKind == JsonValueKind.String && m.GetString()!.Trim().Length > 0) return true;
            }
        }

        return false;
    }

    private static bool IsFailureCode(JsonElement v) =>
        (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var code) && code is >= 400 and <= 599)
        || (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: 3 } text
            && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed is >= 400 and <= 599);

    private static bool Flag(JsonElement obj, string key, bool expected) =>
        obj.TryGetProperty(key, out var v) && v.ValueKind == (expected ? JsonValueKind.True : JsonValueKind.False);

    /// <summary>The readable message of an error value: the string itself, or its message field, or its first item's.</summary>
    private static (string Quote, string Path) MessageOf(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return (Quote.Cut(value.GetString()!), path);
            case JsonValueKind.Object:
                foreach (var key in MessageKeys)
                {
                    if (value.TryGetProperty(key, out var m) && m.ValueKind == JsonValueKind.String && m.GetString()!.Trim().Length > 0)
                    {
                        return (Quote.Cut(m.GetString()!), JsonContent.Property(path, key));
                    }
                }

                foreach (var p in value.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Trim().Length > 0) return (Quote.Cut(p.Value.GetString()!), JsonContent.Property(path, p.Name));
                }

                break;
            case JsonValueKind.Array:
                {
                    var first = value.EnumerateArray().First();
                    return MessageOf(first, JsonContent.Index(path, 0));
                }
        }

        return (Quote.Cut(value.GetRawText()), path);
    }

    private static (string Quote, string Path) SiblingMessage(JsonElement obj, string path)
    {
        foreach (var key in MessageKeys)
        {
            if (obj.TryGetProperty(key, out var m))
            {
                if (m.ValueKind == JsonValueKind.String && m.GetString()!.Trim().Length > 0) return (Quote.Cut(m.GetString()!), JsonContent.Property(path, key));
                if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() > 0)
                {
                    // MCP: {"isError": true, "content": [{"type": "text", "text": "…"}]}
                    var first = m.EnumerateArray().First();
                    if (first.ValueKind == JsonValueKind.Object && JsonContent.String(first, "text") is { Length: > 0 } text) return (Quote.Cut(text), JsonContent.Property(JsonContent.Index(JsonContent.Property(path, key), 0), "text"));
                    if (first.ValueKind == JsonValueKind.String) return (Quote.Cut(first.GetString()!), JsonContent.Index(JsonContent.Property(path, key), 0));
                }
            }
        }

        foreach (var key in (string[])["status", "status_code", "statusCode", "http_status", "httpStatus", "isError", "is_error", "success", "ok"])
        {
            if (obj.TryGetProperty(key, out var v)) return (Quote.Cut(v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()), JsonContent.Property(path, key));
        }

        return (Quote.Cut(obj.GetRawText()), path);
    }
}

using System.Globalization;
using TraceRegress.Model;

namespace TraceRegress.Tests.Approval;

/// <summary>
/// A small, fixed engine for testing the approval workflow apart from the real rules: it cites the
/// first failing span (error status, an HTTP status of 400 or more, or <c>error.type</c>) none of whose
/// descendants fails, and names the category from the HTTP status or the error text.
/// </summary>
internal sealed class StatusCodeEngine : IAttributionEngine
{
    private static readonly string[] StatusKeys = ["http.response.status_code", "http.status_code"];

    public Attribution Attribute(AgentTrace trace)
    {
        var failing = new HashSet<Span>(trace.Spans.Where(Fails), ReferenceEqualityComparer.Instance);
        var cited = trace.Spans.FirstOrDefault(s => failing.Contains(s) && !s.Descendants().Any(failing.Contains));
        if (cited is null) return Attribution.NoFailure(trace.TraceId);

        var status = cited.Attributes.GetInt64(StatusKeys);
        var errorText = $"{cited.Attributes.GetString("error.type")} {cited.Status.Message}";
        var category = status switch
        {
            404 => Api("Resource Not Found"),
            429 => Api("Rate Limiting"),
            401 or 403 => Api("Authentication Errors"),
            _ when errorText.Contains("timeout", StringComparison.OrdinalIgnoreCase) || errorText.Contains("deadline", StringComparison.OrdinalIgnoreCase)
                => new FailureCategory("environment", "System Execution Errors", "Resource Management", "Timeout Issues"),
            _ => Api("Service Errors"),
        };

        var evidence = new List<Evidence>();
        if (status is { } code) evidence.Add(new Evidence(cited.SpanId, "attributes[\"http.response.status_code\"]", code.ToString(CultureInfo.InvariantCulture)));
        if (!string.IsNullOrEmpty(cited.Status.Message)) evidence.Add(new Evidence(cited.SpanId, "status.message", cited.Status.Message));
        if (cited.Attributes.GetString("error.type") is { } type) evidence.Add(new Evidence(cited.SpanId, "attributes[\"error.type\"]", type));

        var chain = new List<string> { cited.SpanId };
        chain.AddRange(cited.Ancestors().Where(failing.Contains).Select(s => s.SpanId));
        return new Attribution(trace.TraceId, CitedSpan.Of(cited), category, evidence, chain, 0.8,
            $"{cited.Name} failed: {category.L4}", "status-code");
    }

    private static bool Fails(Span span) =>
        span.Status.Code == SpanStatusCode.Error
        || span.Attributes.GetInt64(StatusKeys) >= 400
        || span.Attributes.GetString("error.type") is not null;

    private static FailureCategory Api(string leaf) => new("environment", "System Execution Errors", "API Issues", leaf);
}

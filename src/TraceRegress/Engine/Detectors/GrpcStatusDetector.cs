using System.Globalization;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// gRPC status codes on spans (<c>rpc.grpc.status_code</c> as a number, <c>rpc.response.status_code</c> as a number
/// or a name), the HTTP status of services reached over gRPC (Vertex AI, Gemini, internal tools):
/// RESOURCE_EXHAUSTED → Rate Limiting (quota), UNAUTHENTICATED / PERMISSION_DENIED → Authentication Errors,
/// NOT_FOUND → Resource Not Found, DEADLINE_EXCEEDED → Timeout Issues, UNAVAILABLE / INTERNAL / UNKNOWN / DATA_LOSS → Service Errors.
/// </summary>
internal sealed class GrpcStatusDetector : IDetector
{
    private static readonly string[] StatusAttributes = ["rpc.grpc.status_code", "rpc.response.status_code"];

    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    public string Id => "grpc-status";

    public int Priority => 10;

    /// <summary>The leaf a gRPC status code points at; null for codes that are not a failure of the environment.</summary>
    public static string? Leaf(long code) => code switch
    {
        8 => ErrorText.RateLimiting,
        7 or 16 => ErrorText.AuthenticationErrors,
        5 => ErrorText.ResourceNotFound,
        4 => ErrorText.TimeoutIssues,
        2 or 13 or 14 or 15 => ErrorText.ServiceErrors,
        _ => null,
    };

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var span in context.Trace.Spans)
        {
            foreach (var key in StatusAttributes)
            {
                if (!span.Attributes.TryGetValue(key, out var value) || Code(value) is not { } code || Leaf(code) is not { } leaf) continue;
                yield return context.CreateFinding(this, ToolRequests.CallOf(context, span), leaf,
                    string.Create(CultureInfo.InvariantCulture, $"The call answered gRPC status {Names[code]} ({code})."),
                    [new Evidence(span.SpanId, GenAiSpanReader.AttributeSource(key), value.ToString())], 0.9);
                break;
            }
        }
    }

    private static long? Code(AttributeValue value)
    {
        if (value.TryGetInt64(out var n)) return n is >= 0 and <= 16 ? n : null;
        var name = value.ToString().Trim();
        var at = Array.FindIndex(Names, x => string.Equals(x, name, StringComparison.OrdinalIgnoreCase));
        return at >= 0 ? at : null;
    }
}

using System.Text.Json;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Parsing;

/// <summary>
/// Recognises a trace format from its shape, with the same markers the core's readers score on.
/// Deliberately generous: a false "unknown format" would fail the user's build, while a trace the
/// core then cannot read still fails its own test with a positioned error.
/// </summary>
internal static class TraceFormatDetector
{
    public static TraceFormatKind Detect(TraceShape shape)
    {
        if (shape.Root is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return TraceFormatKind.Unknown;

        if (shape.Has("/resourceSpans") || shape.Has("/resource_spans") || shape.Has("/result/resourceSpans") || shape.Has("/trace/resourceSpans")
            || shape.Has("/batches/scopeSpans") || shape.Has("/batches/instrumentationLibrarySpans") || shape.Has("/resourceLogs"))
        {
            return TraceFormatKind.Otlp;
        }

        if (shape.Has("/data/spans") && (shape.Has("/data/spans/traceID") || shape.Has("/data/spans/spanID") || shape.Has("/data/processes")))
        {
            return TraceFormatKind.Jaeger;
        }

        // MLflow's trace JSON ({"info", "data": {"spans"}}, or its bare data): spans whose attributes are MLflow's own.
        foreach (var prefix in new[] { "/data/spans", "/spans" })
        {
            if (shape.Has(prefix + "/attributes/mlflow.spanType") || shape.Has(prefix + "/attributes/mlflow.traceRequestId") || shape.Has(prefix + "/attributes/mlflow.spanInputs"))
            {
                return TraceFormatKind.Mlflow;
            }
        }

        if (shape.Has("/observations") || shape.Has("/trace/observations")) return TraceFormatKind.Langfuse;

        // Langfuse observations without their trace: the observations API's page, an array or JSON Lines of them.
        foreach (var prefix in new[] { string.Empty, "/data" })
        {
            if (shape.Has(prefix + "/startTime") && shape.Has(prefix + "/traceId") && shape.Has(prefix + "/type") && !shape.Has(prefix + "/spanId")
                && (shape.Has(prefix + "/parentObservationId") || shape.Has(prefix + "/statusMessage") || shape.Has(prefix + "/level")))
            {
                return TraceFormatKind.Langfuse;
            }
        }

        if (shape.Has("/run_type") || shape.Has("/child_runs") || shape.Has("/runs/run_type")) return TraceFormatKind.LangSmith;

        if (shape.Has("/context/span_id") || shape.Has("/context.span_id") || shape.Has("/span_kind") || shape.Has("/child_spans") || shape.HasName("openinference.span.kind"))
        {
            return TraceFormatKind.OpenInference;
        }

        foreach (var prefix in new[] { string.Empty, "/spans" })
        {
            if (shape.Has(prefix + "/spanId") && (shape.Has(prefix + "/operationName") || shape.Has(prefix + "/startTime")))
            {
                return TraceFormatKind.FlatSpans;
            }
        }

        if (shape.Root == JsonTokenType.StartArray && shape.Has("/traceId") && shape.Has("/id")
            && (shape.Has("/localEndpoint") || shape.Has("/remoteEndpoint") || shape.Has("/timestamp")))
        {
            return TraceFormatKind.Zipkin;
        }

        return TraceFormatKind.Unknown;
    }

    /// <summary>A short description of what was seen, for the unknown-format diagnostic.</summary>
    public static string Describe(TraceShape shape)
    {
        var top = new System.Collections.Generic.List<string>();
        foreach (var path in shape.Paths)
        {
            if (path.LastIndexOf('/') == 0) top.Add(path.Substring(1));
        }

        top.Sort(System.StringComparer.Ordinal);
        if (top.Count > 12) top.RemoveRange(12, top.Count - 12);
        var kind = shape.Root switch
        {
            JsonTokenType.StartObject => shape.TopLevelValues > 1 ? "JSON Lines of objects" : "a JSON object",
            JsonTokenType.StartArray => "a JSON array",
            JsonTokenType.String => "a JSON string",
            JsonTokenType.Number => "a JSON number",
            JsonTokenType.True or JsonTokenType.False => "a JSON boolean",
            JsonTokenType.Null => "JSON null",
            _ => "no JSON value",
        };
        return top.Count == 0 ? kind : kind + " with top-level keys " + string.Join(", ", top);
    }
}

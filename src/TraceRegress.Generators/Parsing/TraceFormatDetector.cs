using System.Collections.Generic;
using System.Text.Json;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Parsing;

/// <summary>
/// Recognises a trace format from its shape exactly as the core does: each format is scored with the markers its reader
/// scores on (the same paths, taken from the same window of the file), and the highest score wins, ties going to the
/// format the core tries first. A trace the core reads is never an "unknown format" build error
/// (<c>CoreFormatAgreementTests</c> checks every trace of the repository), and a trace it cannot tell apart is one.
/// </summary>
internal static class TraceFormatDetector
{
    // The core's reader order (TraceReaders.All): a tie goes to the earlier.
    private static readonly TraceFormatKind[] Order =
    {
        TraceFormatKind.Otlp, TraceFormatKind.FlatSpans, TraceFormatKind.Jaeger, TraceFormatKind.Zipkin,
        TraceFormatKind.OpenInference, TraceFormatKind.Langfuse, TraceFormatKind.LangSmith, TraceFormatKind.Mlflow,
    };

    public static TraceFormatKind Detect(TraceShape shape)
    {
        if (shape.Root is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return TraceFormatKind.Unknown;
        var best = TraceFormatKind.Unknown;
        var bestScore = 0;
        foreach (var format in Order)
        {
            var score = Score(format, shape);
            if (score > bestScore)
            {
                best = format;
                bestScore = score;
            }
        }

        return best;
    }

    private static int Score(TraceFormatKind format, TraceShape shape) => format switch
    {
        TraceFormatKind.Otlp => Otlp(shape),
        TraceFormatKind.FlatSpans => FlatSpans(shape),
        TraceFormatKind.Jaeger => Jaeger(shape),
        TraceFormatKind.Zipkin => Zipkin(shape),
        TraceFormatKind.OpenInference => OpenInference(shape),
        TraceFormatKind.Langfuse => Langfuse(shape),
        TraceFormatKind.LangSmith => LangSmith(shape),
        TraceFormatKind.Mlflow => Mlflow(shape),
        _ => 0,
    };

    private static int Otlp(TraceShape p)
    {
        if (p.Root != JsonTokenType.StartObject) return 0;
        if (p.Has("/resourceSpans") || p.Has("/resource_spans") || p.Has("/result/resourceSpans")) return 100;
        if (p.Has("/batches/scopeSpans") || p.Has("/batches/instrumentationLibrarySpans") || p.Has("/trace/resourceSpans")) return 100;
        if (p.Has("/resourceLogs") || p.Has("/resource_logs")) return 90;
        // Phoenix's otlpv1 span page: OTLP spans without their resource, {"data": [...], "next_cursor"}.
        if ((p.Has("/data/span_id") && p.Has("/data/start_time_unix_nano")) || (p.Has("/data/spanId") && p.Has("/data/startTimeUnixNano"))) return 85;
        return 0;
    }

    private static int FlatSpans(TraceShape p)
    {
        var score = 0;
        foreach (var prefix in new[] { string.Empty, "/spans" })
        {
            if (p.Has(prefix + "/spanId") && (p.Has(prefix + "/operationName") || p.Has(prefix + "/startTime"))) score = 50;
        }

        return p.Has("/resourceSpans") ? 0 : score;
    }

    private static int Jaeger(TraceShape p)
    {
        if (p.Root == JsonTokenType.StartObject)
        {
            if (p.Has("/data/spans/spanID")) return p.Has("/data/spans/references") || p.Has("/data/processes") || p.Has("/data/spans/operationName") ? 90 : 60;
            if (p.Has("/spans/spanID") && (p.Has("/processes") || p.Has("/traceID") || p.Has("/spans/operationName"))) return 90;
            return p.Has("/spanID") && p.Has("/traceID") && p.Has("/operationName") ? 85 : 0;
        }

        if (p.Has("/spanID") && p.Has("/traceID") && p.Has("/operationName")) return 85;
        return p.Has("/spans/spanID") && p.Has("/traceID") ? 85 : 0;
    }

    private static int Zipkin(TraceShape p)
    {
        if (!p.Has("/traceId") || !p.Has("/id")) return 0;
        var zipkinOnly = p.Has("/localEndpoint") || p.Has("/remoteEndpoint") || p.Has("/annotations");
        if (p.Root == JsonTokenType.StartArray) return zipkinOnly || p.Has("/timestamp") ? 70 : 40;
        return zipkinOnly ? 70 : 0;
    }

    private static int OpenInference(TraceShape p)
    {
        var score = 0;
        foreach (var prefix in new[] { string.Empty, "/spans", "/data" })
        {
            if (p.Has(prefix + "/context/span_id") || p.Has(prefix + "/context.span_id"))
            {
                var own = p.Has(prefix + "/span_kind") || p.Has(prefix + "/child_spans")
                          || p.Has(prefix + "/attributes/openinference.span.kind") || p.Has(prefix + "/attributes/openinference/span/kind")
                          || p.Has(prefix + "/attributes.openinference.span.kind");
                score = System.Math.Max(score, own ? 80 : 45);
            }

            if (p.Has(prefix + "/_spanContext/spanId") || p.Has(prefix + "/spanContext/spanId"))
            {
                score = System.Math.Max(score, p.Has(prefix + "/attributes/openinference.span.kind") ? 80 : 60);
            }
        }

        return IsSpanFrame(p) ? System.Math.Max(score, 80) : score;
    }

    private static readonly HashSet<string> SpanColumns = new(System.StringComparer.Ordinal)
    {
        "name", "span_kind", "parent_id", "start_time", "end_time", "status_code", "status_message", "events",
        "context.span_id", "context.trace_id", "conversation",
    };

    private static readonly string[] MarkerColumns = { "span_kind", "context.trace_id" };

    /// <summary>Phoenix's spans dataframe as pandas writes it, in the "columns" or the "index" orient.</summary>
    private static bool IsSpanFrame(TraceShape p)
    {
        if (p.Root != JsonTokenType.StartObject || p.TopLevelValues > 1) return false;
        var columns = 0;
        var index = 0;
        foreach (var path in p.Paths)
        {
            var second = path.IndexOf('/', 1);
            if (second < 0) continue;
            var first = path.Substring(1, second - 1);
            var rest = path.Substring(second + 1);
            if (rest.IndexOf('/') >= 0) continue;
            if (System.Array.IndexOf(MarkerColumns, first) >= 0 && !SpanColumns.Contains(rest)) columns++;
            else if (!SpanColumns.Contains(first) && first is not ("spans" or "data") && System.Array.IndexOf(MarkerColumns, rest) >= 0) index++;
        }

        return columns >= MarkerColumns.Length || index >= MarkerColumns.Length;
    }

    private static int Langfuse(TraceShape p)
    {
        var score = 0;
        foreach (var prefix in new[] { string.Empty, "/data", "/trace" })
        {
            if (!p.Has(prefix + "/observations")) continue;
            var own = p.Has(prefix + "/observations/parentObservationId") || p.Has(prefix + "/observations/traceId")
                      || (p.Has(prefix + "/observations/type") && p.Has(prefix + "/observations/startTime"));
            score = System.Math.Max(score, own ? 80 : p.Has(prefix + "/id") ? 45 : 0);
        }

        foreach (var prefix in new[] { string.Empty, "/data" })
        {
            if (p.Has(prefix + "/startTime") && p.Has(prefix + "/traceId") && p.Has(prefix + "/type") && !p.Has(prefix + "/spanId")
                && (p.Has(prefix + "/parentObservationId") || p.Has(prefix + "/statusMessage") || p.Has(prefix + "/level")))
            {
                score = System.Math.Max(score, 75);
            }
        }

        if (p.Root == JsonTokenType.StartObject && p.Has("/trace/id") && p.Has("/trace/timestamp") && (p.Has("/observations") || p.Has("/trace/observations")))
        {
            score = System.Math.Max(score, 85);
        }

        return score;
    }

    private static int LangSmith(TraceShape p)
    {
        var score = 0;
        foreach (var prefix in new[] { string.Empty, "/runs", "/post", "/patch" })
        {
            if (!p.Has(prefix + "/run_type")) continue;
            var own = p.Has(prefix + "/id") && (p.Has(prefix + "/inputs") || p.Has(prefix + "/parent_run_id") || p.Has(prefix + "/child_runs") || p.Has(prefix + "/dotted_order"));
            score = System.Math.Max(score, own ? 80 : 45);
        }

        return score;
    }

    private static int Mlflow(TraceShape p)
    {
        foreach (var prefix in new[] { "/data/spans", "/spans" })
        {
            if (!(p.Has(prefix + "/attributes/mlflow.spanType") || p.Has(prefix + "/attributes/mlflow.traceRequestId") || p.Has(prefix + "/attributes/mlflow.spanInputs"))) continue;
            return prefix == "/data/spans" && (p.Has("/info") || p.Has("/data")) ? 90 : 85;
        }

        return 0;
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

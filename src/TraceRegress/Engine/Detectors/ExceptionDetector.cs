using System.Globalization;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Exceptions recorded on spans (<c>exception</c> events with <c>exception.type</c>/<c>exception.message</c>), and spans
/// whose status is ERROR with a description or an <c>error.type</c>. The category follows the type and message:
/// timeouts, authentication, not found, rate limits, missing modules, else Service Errors. An exception re-raised
/// through parent spans is found on each; causal order then cites the deepest, where it was first raised. One raised by an
/// HTTP request inside a tool call is found on the call (<see cref="ToolRequests"/>).
/// </summary>
internal sealed class ExceptionDetector : IDetector
{
    public string Id => "exception";

    public int Priority => 15;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var span in context.Trace.Spans)
        {
            var cited = ToolRequests.CallOf(context, span);
            var found = false;
            for (var i = 0; i < span.Events.Count; i++)
            {
                var e = span.Events[i];
                if (!string.Equals(e.Name, "exception", StringComparison.OrdinalIgnoreCase)) continue;
                var type = e.Attributes.GetString("exception.type") ?? "";
                var message = e.Attributes.GetString("exception.message") ?? "";
                if (type.Length == 0 && message.Length == 0) continue;
                var at = $"events[{i.ToString(CultureInfo.InvariantCulture)}]";
                var (source, quote) = message.Length > 0 ? ($"{at} exception.message", Quote.Cut(message)) : ($"{at} exception.type", type);
                var evidence = new List<Evidence> { new(span.SpanId, source, quote) };
                if (message.Length > 0 && type.Length > 0) evidence.Add(new Evidence(span.SpanId, $"{at} exception.type", type));
                var described = type.Length > 0 && message.Length > 0 ? $"{type}: {quote}" : quote;
                yield return context.CreateFinding(this, cited, ErrorText.Classify($"{type}: {message}"),
                    $"The span raised {described}.", evidence, span.Status.Code == SpanStatusCode.Error ? 0.9 : 0.85);
                found = true;
                break;
            }

            if (found || span.Status.Code != SpanStatusCode.Error) continue;
            var errorType = span.Attributes.GetString("error.type");
            var description = span.Status.Message;
            if (!string.IsNullOrWhiteSpace(description))
            {
                var evidence = new List<Evidence> { new(span.SpanId, "status.message", Quote.Cut(description)) };
                if (errorType is not null) evidence.Add(new Evidence(span.SpanId, GenAiSpanReader.AttributeSource("error.type"), errorType));
                yield return context.CreateFinding(this, cited, ErrorText.Classify($"{errorType}: {description}"),
                    $"The span ended in error: \"{Quote.Cut(description)}\".", evidence, 0.7);
            }
            else if (!string.IsNullOrWhiteSpace(errorType))
            {
                yield return context.CreateFinding(this, cited, ErrorText.Classify(errorType),
                    $"The span ended in error {errorType}.", [new Evidence(span.SpanId, GenAiSpanReader.AttributeSource("error.type"), errorType)], 0.65);
            }
        }
    }
}

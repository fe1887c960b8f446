using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's output shows the environment is not set up: a missing module (<c>ModuleNotFoundError</c>), a missing
/// command (<c>command not found</c>), a refused permission, or an environment variable or API key that is not set.
/// </summary>
internal sealed class EnvironmentSetupDetector : IDetector
{
    /// <summary>The confidence of an environment failure read from a tool's output.</summary>
    internal const double Confidence = 0.85;

    public string Id => "environment-setup";

    public int Priority => 12;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var call in context.View.ToolCalls.Calls)
        {
            foreach (var result in call.Results)
            {
                var match = ErrorText.FindEnvironmentFailure(result.Text);
                if (match is null) continue;
                // Quote the decoded message when the result is JSON, the line of text otherwise.
                var found = result.ErrorPayload;
                var (source, quote) = found is not null && ErrorText.FindEnvironmentFailure(found.Quote) is not null
                    ? (found.Source, found.Quote)
                    : (result.Source, ErrorText.LineAround(result.Text, match.Index));
                var tool = call.Name.Length > 0 ? $"the {call.Name} tool" : "a tool";
                yield return context.CreateFinding(this, call.Execution?.Span ?? result.Span, ErrorText.EnvironmentSetupErrors,
                    $"The environment of {tool} is not set up: \"{quote}\".",
                    [new Evidence(result.Span.SpanId, source, quote)], Confidence);
                break;
            }
        }
    }
}

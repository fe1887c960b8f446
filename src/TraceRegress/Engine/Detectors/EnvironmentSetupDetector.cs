using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's output shows the environment is not set up: a missing module (<c>ModuleNotFoundError</c>), a missing
/// command (<c>command not found</c>), a refused permission, or an environment variable or API key that is not set.
/// <para>
/// Or a tool that acts on the world answers from its test environment: a payment intent with <c>"livemode": false</c>, a
/// result marked <c>"test_mode": true</c> or <c>"environment": "sandbox"</c>. The call succeeded and nothing happened for
/// real (no money moved, no label was bought), while the run goes on as if it had: the tool was wired to the wrong
/// environment. Not when the run itself is a test one (a resource whose <c>deployment.environment</c> names a test,
/// staging or development environment) or the user asked for a test.
/// </para>
/// </summary>
internal sealed partial class EnvironmentSetupDetector : IDetector
{
    /// <summary>The confidence of an environment failure read from a tool's output.</summary>
    internal const double Confidence = 0.85;

    public string Id => "environment-setup";

    public int Priority => 12;

    // The markers of a result produced by a provider's test environment, read from JSON text.
    [GeneratedRegex(@"""(?:livemode|live_mode|is_live)""\s*:\s*false|""(?:test_?mode|is_?test|sandbox(?:_mode)?)""\s*:\s*true|""(?:environment|env|mode)""\s*:\s*""(?:sandbox|test)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TestModeMarker();

    // What every marker holds, as written: a key of a mode, a flag or an environment.
    private static readonly System.Buffers.SearchValues<string> TestModeKeys = System.Buffers.SearchValues.Create(
        ["ivemode", "ive_mode", "is_live", "est_mode", "estmode", "is_test", "isTest", "andbox", "nvironment\"", "env\"", "mode\""], StringComparison.OrdinalIgnoreCase);

    // The name of an environment where a test result is expected.
    [GeneratedRegex(@"^(?:test|testing|qa|dev|development|staging|stage|sandbox|local|ci)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TestEnvironment();

    // A request that asks for a test of its own.
    [GeneratedRegex(@"\b(?:test(?:ing)? (?:mode|payment|charge|card|run|order)|sandbox|dry[- ]run|staging)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsksForTest();

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var finding in TestModeResults(context)) yield return finding;
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

    private IEnumerable<Finding> TestModeResults(DetectionContext context)
    {
        var view = context.View;
        // Only a result that names a mode or an environment can say it came from a test one.
        var named = view.ToolCalls.Calls.Where(c => c.Results.Any(r => r.Text.AsSpan().IndexOfAny(TestModeKeys) >= 0)).ToList();
        foreach (var call in named.OrderBy(c => c.Execution is { } e ? view.Rank(e.Span) : int.MaxValue).ThenBy(c => c.Ordinal))
        {
            foreach (var result in call.Results)
            {
                if (TestModeMarker().Match(result.Text) is not { Success: true } marker) continue;
                if (IsTestRun(context)) yield break;
                var quote = marker.Value;
                var tool = call.Name.Length > 0 ? $"The {call.Name} tool" : "A tool";
                yield return context.CreateFinding(this, call.Execution?.Span ?? result.Span, ErrorText.EnvironmentSetupErrors,
                    $"{tool} answered from its test environment ({quote}): the call succeeded and nothing happened for real, while the run went on as if it had.",
                    [new Evidence(result.Span.SpanId, result.Source, quote)], 0.7);
                yield break;
            }
        }
    }

    // A run whose resource names a test environment, or whose user asked for a test, expects test results.
    private static bool IsTestRun(DetectionContext context)
    {
        foreach (var span in context.Trace.Spans)
        {
            var environment = span.Resource.Attributes.GetString("deployment.environment.name") ?? span.Resource.Attributes.GetString("deployment.environment")
                ?? span.Attributes.GetString("deployment.environment.name") ?? span.Attributes.GetString("deployment.environment");
            if (environment is not null && TestEnvironment().IsMatch(environment)) return true;
        }

        return context.Turns.Task is { } task && AsksForTest().IsMatch(task.Text);
    }
}

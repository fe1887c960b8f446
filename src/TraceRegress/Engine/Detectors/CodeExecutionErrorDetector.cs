using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A code-execution turn (a terminal or executor agent in a group chat) that reports a failure: a non-zero
/// <c>exitcode</c>, a Python traceback, an <c>Error:</c> line. The terminal only ran what it was given, so the code's
/// author (the turn before it that is not an observation) is cited, unless the failure is the environment's (a missing
/// module or command, a missing key): then the terminal is. A failure that a later successful run put right is
/// demoted below the confidence floor: the team got past it.
/// </summary>
internal sealed partial class CodeExecutionErrorDetector : IDetector
{
    // "exitcode: 0 (execution succeeded)", "Unix exit code: 1", and Magentic-One's terminal: "exited with Success (0)".
    [GeneratedRegex(@"exit ?code:?\s*(?<code>-?\d+)|exited with Success \((?<code>0)\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExitCode();

    [GeneratedRegex(@"\b(?:SyntaxError|IndentationError|TabError)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SyntaxProblem();

    public string Id => "code-execution-error";

    public int Priority => 26;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns.All;
        // A later run that succeeded recovers every failure before it.
        var lastSuccess = -1;
        for (var i = turns.Count - 1; i >= 0 && lastSuccess < 0; i--)
        {
            if (turns[i].IsExecutionOutput && Failure(turns[i].Text) is null && ExitCode().Match(turns[i].Text) is { Success: true }) lastSuccess = i;
        }

        foreach (var turn in turns)
        {
            if (!turn.IsExecutionOutput || Failure(turn.Text) is not { } at) continue;
            var line = ErrorText.LineAround(turn.Text, at);
            var errorLine = ErrorText.FindErrorText(turn.Text) is { } m ? ErrorText.LineAround(turn.Text, m.Index) : line;
            var evidence = new List<Evidence> { new(turn.Span.SpanId, turn.Source, line) };
            if (errorLine != line) evidence.Add(new Evidence(turn.Span.SpanId, turn.Source, errorLine));
            var recovered = lastSuccess > turn.Position;
            var confidence = recovered ? RecoveredToolCalls.DemotedConfidence : 0.75;
            var note = recovered ? " A later run succeeded." : "";

            var leaf = ErrorText.Classify(turn.Text);
            var environment = leaf is ErrorText.EnvironmentSetupErrors or ErrorText.RateLimiting or ErrorText.AuthenticationErrors or ErrorText.TimeoutIssues;
            var author = context.Turns.CodeAuthor(turn);
            if (environment || author is null)
            {
                yield return context.CreateFinding(this, turn.Span, leaf, $"The code execution failed: \"{errorLine}\".{note}", evidence, confidence);
                continue;
            }

            var code = CodeLine(author.Text);
            evidence.Insert(0, new Evidence(author.Span.SpanId, author.Source, code));
            var category = SyntaxProblem().IsMatch(turn.Text) ? "Formatting Errors" : leaf == ErrorText.ResourceNotFound ? ErrorText.ResourceNotFound : "Incorrect Problem Identification";
            yield return context.CreateFinding(this, author.Span, category,
                string.Create(CultureInfo.InvariantCulture, $"{author.Agent ?? "The agent"} wrote code that failed when {turn.Agent ?? "the terminal"} ran it: \"{errorLine}\".{note}"),
                evidence, confidence) with { Explains = [turn.Span.SpanId] };
        }
    }

    /// <summary>Where the execution output says it failed; null when it did not.</summary>
    internal static int? Failure(string text)
    {
        var exit = ExitCode().Match(text);
        if (exit.Success && exit.Groups["code"].Value != "0") return exit.Index;
        if (exit.Success && exit.Groups["code"].Value == "0")
        {
            // "exitcode: 0" with a traceback in the output still failed (the script caught nothing and printed it).
            var tb = text.IndexOf("Traceback (most recent call last)", StringComparison.Ordinal);
            return tb >= 0 ? tb : null;
        }

        return ErrorText.FindErrorText(text) is { } m ? m.Index : null;
    }

    /// <summary>The first line of the author's code block, else the first line of the turn.</summary>
    private static string CodeLine(string text)
    {
        var fence = text.IndexOf("```", StringComparison.Ordinal);
        if (fence >= 0)
        {
            var lineEnd = text.IndexOf('\n', fence);
            if (lineEnd > 0 && lineEnd + 1 < text.Length)
            {
                var next = ErrorText.LineAround(text, lineEnd + 1);
                if (next.Length > 0) return next;
            }
        }

        return ErrorText.LineAround(text, 0);
    }
}

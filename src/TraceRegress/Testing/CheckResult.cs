namespace TraceRegress.Testing;

/// <summary>
/// The outcome of an attribution check, in no test framework's terms. A test framework adapter turns a failed
/// result into its own assertion failure (with <see cref="Message"/> as the text) and shows the message of a
/// passed result that carries news (an accepted attribution) in its test output.
/// </summary>
public sealed class CheckResult
{
    private CheckResult(bool passed, string? message, string? receivedPath)
    {
        Passed = passed;
        Message = message;
        ReceivedPath = receivedPath;
    }

    /// <summary>True when the check holds.</summary>
    public bool Passed { get; }

    /// <summary>
    /// For a failure, the readable explanation: expected and actual span and category, the span tree with both marked,
    /// the evidence and how to accept. For a pass, news worth showing (an accepted attribution), or null.
    /// </summary>
    public string? Message { get; }

    /// <summary>The <c>.received.json</c> file the check wrote, or null.</summary>
    public string? ReceivedPath { get; }

    internal static CheckResult From(Approval.ApprovalOutcome outcome) =>
        new(outcome.Passed, outcome.Passed ? outcome.Message : outcome.Message ?? "the attribution does not match", outcome.ReceivedPath);

    /// <inheritdoc />
    public override string ToString() => Passed ? "passed" + (Message is null ? "" : ": " + Message) : "failed: " + Message;
}

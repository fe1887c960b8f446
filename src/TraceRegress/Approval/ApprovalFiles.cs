namespace TraceRegress.Approval;

/// <summary>
/// Where a trace's approved and pending attributions live, following Verify's conventions:
/// <c>timeout-0519.json</c> (or <c>.jsonl</c>) has <c>timeout-0519.verified.json</c> and
/// <c>timeout-0519.received.json</c> beside it.
/// </summary>
internal sealed record ApprovalFiles(string TracePath, string VerifiedPath, string ReceivedPath)
{
    public const string VerifiedSuffix = ".verified.json";
    public const string ReceivedSuffix = ".received.json";

    /// <summary>A recorded LLM-judge verdict beside its trace (TraceRegress.Judge): never a trace.</summary>
    public const string JudgeRecordingSuffix = ".judge.json";

    /// <summary>The approval files beside a trace file.</summary>
    public static ApprovalFiles For(string tracePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(tracePath);
        var stem = Path.Combine(Path.GetDirectoryName(tracePath) ?? "", Path.GetFileNameWithoutExtension(tracePath));
        return new ApprovalFiles(tracePath, stem + VerifiedSuffix, stem + ReceivedSuffix);
    }

    /// <summary>The approval files for a trace, with the received file written beside another copy of it.</summary>
    public static ApprovalFiles For(string tracePath, string verifiedPath, string receivedPath) =>
        new(tracePath, verifiedPath, receivedPath);

    /// <summary>True for <c>*.verified.json</c> and <c>*.received.json</c>: attributions, never traces.</summary>
    public static bool IsApprovalFile(string path) =>
        path.EndsWith(VerifiedSuffix, StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(ReceivedSuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Sidecars beside a trace: its expected answer and its recorded judge verdicts. Never traces.</summary>
    private static readonly string[] SidecarSuffixes = [".expected.json", ".judge.json"];

    /// <summary>True for a file that may hold a trace: <c>.json</c> or <c>.jsonl</c>, not an approval file or a sidecar.</summary>
    public static bool IsTraceFile(string path) =>
        !IsApprovalFile(path)
        && !SidecarSuffixes.Any(suffix => path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        && (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase));

    /// <summary>The trace a received or verified file belongs to, looked up beside it (<c>.json</c> first, then <c>.jsonl</c>); null when neither exists.</summary>
    public static string? FindTrace(string approvalPath)
    {
        var suffix = approvalPath.EndsWith(ReceivedSuffix, StringComparison.OrdinalIgnoreCase) ? ReceivedSuffix
            : approvalPath.EndsWith(VerifiedSuffix, StringComparison.OrdinalIgnoreCase) ? VerifiedSuffix
            : null;
        if (suffix is null) return null;
        var stem = approvalPath[..^suffix.Length];
        foreach (var extension in (ReadOnlySpan<string>)[".json", ".jsonl"])
        {
            if (File.Exists(stem + extension)) return stem + extension;
        }

        return null;
    }

    /// <summary>The verified file a received file is promoted to.</summary>
    public static string VerifiedFor(string receivedPath)
    {
        if (!receivedPath.EndsWith(ReceivedSuffix, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{receivedPath}' is not a {ReceivedSuffix} file", nameof(receivedPath));
        }

        return receivedPath[..^ReceivedSuffix.Length] + VerifiedSuffix;
    }
}

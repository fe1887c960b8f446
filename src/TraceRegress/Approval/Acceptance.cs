namespace TraceRegress.Approval;

/// <summary>
/// Promotes received attributions to verified ones, the explicit step that changes what a test
/// expects. A verified file is only ever replaced by a received one (renamed over it in one step);
/// nothing here deletes a verified file on its own.
/// </summary>
internal static class Acceptance
{
    /// <summary>Promotes one <c>.received.json</c> to the <c>.verified.json</c> beside it.</summary>
    /// <exception cref="TraceFormatException">The received file is not a readable attribution; nothing is changed.</exception>
    public static AcceptedChange Accept(string receivedPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(receivedPath);
        var verifiedPath = ApprovalFiles.VerifiedFor(receivedPath);

        // Read both first: an unreadable received file must not replace a good verified one.
        var received = VerifiedAttribution.Load(receivedPath);
        VerifiedAttribution? old = null;
        string? oldProblem = null;
        if (File.Exists(verifiedPath))
        {
            try
            {
                old = VerifiedAttribution.Load(verifiedPath);
            }
            catch (TraceFormatException e)
            {
                oldProblem = e.Reason;
            }
        }

        // Same folder, so the rename replaces the verified file atomically.
        File.Move(receivedPath, verifiedPath, overwrite: true);
        return new AcceptedChange(verifiedPath, ApprovalFiles.FindTrace(verifiedPath), old, oldProblem, received);
    }

    /// <summary>Every <c>.received.json</c> under a folder (or the one file given), in ordinal path order.</summary>
    public static IReadOnlyList<string> FindReceived(string corpus)
    {
        if (File.Exists(corpus))
        {
            return corpus.EndsWith(ApprovalFiles.ReceivedSuffix, StringComparison.OrdinalIgnoreCase) ? [corpus] : [];
        }

        if (!Directory.Exists(corpus)) throw new DirectoryNotFoundException($"the corpus folder '{corpus}' does not exist");
        return Directory.EnumerateFiles(corpus, "*" + ApprovalFiles.ReceivedSuffix, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Promotes every received file under a corpus folder; a file that cannot be read is skipped and reported.</summary>
    public static AcceptanceReport AcceptAll(string corpus)
    {
        var accepted = new List<AcceptedChange>();
        var failed = new List<(string Path, string Reason)>();
        foreach (var received in FindReceived(corpus))
        {
            try
            {
                accepted.Add(Accept(received));
            }
            catch (TraceFormatException e)
            {
                failed.Add((received, e.Message));
            }
        }

        return new AcceptanceReport(accepted, failed);
    }
}

/// <summary>One verified file changed by an accept: what it expected before and what it expects now.</summary>
internal sealed record AcceptedChange(string VerifiedPath, string? TracePath, VerifiedAttribution? Old, string? OldProblem, VerifiedAttribution New)
{
    public bool IsNew => Old is null && OldProblem is null;

    /// <summary><c>path: old span — category → new span — category</c>, or <c>(new)</c> for a first approval.</summary>
    public string Describe(string? relativeTo = null)
    {
        var name = relativeTo is null ? VerifiedPath : Path.GetRelativePath(relativeTo, VerifiedPath).Replace('\\', '/');
        var before = Old?.Describe() ?? (OldProblem is not null ? $"unreadable ({OldProblem})" : "(new)");
        return $"{name}: {before} → {New.Describe()}";
    }
}

/// <summary>What an accept over a corpus did.</summary>
internal sealed record AcceptanceReport(IReadOnlyList<AcceptedChange> Accepted, IReadOnlyList<(string Path, string Reason)> Failed);

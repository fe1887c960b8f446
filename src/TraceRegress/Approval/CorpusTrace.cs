namespace TraceRegress.Approval;

/// <summary>
/// Where a corpus trace is at run time: the copy beside the test assembly (which survives the build
/// output moving away from the sources) or the source folder, and where its approval files go. Received
/// and accepted files are written beside the source trace whenever the source folder is there, so they
/// land in the repository rather than in <c>bin/</c>.
/// </summary>
internal sealed record CorpusTrace(string DisplayName, string TracePath, ApprovalFiles Files, string CorpusForCommand)
{
    /// <summary>Locates a trace of the corpus.</summary>
    /// <param name="relativePath">The trace's path inside the corpus folder (either separator).</param>
    /// <param name="corpusFolder">The corpus folder relative to the project (and to the test assembly's folder).</param>
    /// <param name="corpusSourceDirectory">The absolute corpus folder in the source tree, when known.</param>
    /// <param name="baseDirectory">The test assembly's folder.</param>
    /// <exception cref="FileNotFoundException">The trace is in neither place.</exception>
    public static CorpusTrace Locate(string relativePath, string corpusFolder, string? corpusSourceDirectory, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        ArgumentNullException.ThrowIfNull(corpusFolder);
        var relative = Native(relativePath);
        var copied = Path.GetFullPath(Path.Combine(baseDirectory, Native(corpusFolder), relative));
        var source = string.IsNullOrWhiteSpace(corpusSourceDirectory) ? null : Path.GetFullPath(Path.Combine(corpusSourceDirectory, relative));
        var sourceThere = source is not null && File.Exists(source);
        var display = Path.Combine(Native(corpusFolder), relative).Replace('\\', '/');

        // The source trace, when it is there, is read rather than the copy: the files beside it (the verified
        // attribution, a recorded judge verdict) are read from the source folder too, and a copy from the last
        // build may be older than they are. The copy is what survives the build output moving away.
        string tracePath;
        if (sourceThere) tracePath = source!;
        else if (File.Exists(copied)) tracePath = copied;
        else
        {
            throw new FileNotFoundException(
                $"{display}: the trace is neither beside the test assembly ({copied}) nor in the source folder ({source ?? "unknown"}); "
                + "rebuild the test project so the corpus is copied to the output folder", copied);
        }

        if (sourceThere)
        {
            // The source folder is the truth: its verified file is read, and a verified file deleted there
            // is not brought back by a stale copy in the output folder.
            return new CorpusTrace(display, tracePath, ApprovalFiles.For(source!), corpusSourceDirectory!);
        }

        return new CorpusTrace(display, tracePath, ApprovalFiles.For(copied), Path.Combine(baseDirectory, Native(corpusFolder)));
    }

    /// <summary>Runs the approval workflow on this trace.</summary>
    public ApprovalOutcome Check(IAttributionEngine engine, ApprovalEnvironment environment) =>
        TraceApproval.Check(DisplayName, TracePath, Files, CorpusForCommand, engine, environment);

    private static string Native(string path) => path.Replace('\\', '/').Replace('/', Path.DirectorySeparatorChar);
}

namespace TraceRegress.Approval;

/// <summary>
/// The approval workflow for one trace: attribute it, hold the result against its verified file, and
/// pass, fail with a readable diff and a received file, or accept when asked to. Shared by the corpus
/// tests, <c>Assert.Attributes(trace)</c> and the CLI.
/// </summary>
internal static class TraceApproval
{
    /// <summary>Checks one trace.</summary>
    /// <param name="displayName">How the trace is named in messages (its path relative to the corpus).</param>
    /// <param name="tracePath">The trace file to read.</param>
    /// <param name="files">Where to read the verified file and write the received (and accepted) ones.</param>
    /// <param name="corpusForCommand">The folder to name in the <c>traceregress accept</c> hint.</param>
    /// <param name="engine">The attribution engine.</param>
    /// <param name="environment">Accept and build-server settings.</param>
    public static ApprovalOutcome Check(string displayName, string tracePath, ApprovalFiles files, string corpusForCommand,
        IAttributionEngine engine, ApprovalEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(environment);

        AgentTrace trace;
        try
        {
            trace = AgentTrace.Load(tracePath);
        }
        catch (TraceFormatException e)
        {
            return ApprovalOutcome.Fail($"{displayName}: the trace cannot be read.\n{e.Message}\n", null);
        }

        // The expected answer beside the trace (the source copy when there is one). A file that cannot be read fails
        // the test with its position, and nothing is written or approved from this trace.
        string? expected;
        var expectedPath = ExpectedAnswerFile.For(File.Exists(files.TracePath) ? files.TracePath : tracePath);
        try
        {
            expected = File.Exists(expectedPath) ? ExpectedAnswerFile.Parse(File.ReadAllBytes(expectedPath), expectedPath) : null;
        }
        catch (TraceFormatException e)
        {
            return ApprovalOutcome.Fail($"{displayName}: the expected answer cannot be read, so the trace is not attributed.\n{e.Message}\n", null);
        }

        var verifiedPath = File.Exists(files.VerifiedPath) ? files.VerifiedPath : null;

        // The verified file is read once, before attributing: one that approves "no failure" marks the trace as a passing
        // run. One that cannot be read is reported below, where it is held against the attribution.
        VerifiedAttribution? verified = null;
        TraceFormatException? unreadable = null;
        if (verifiedPath is not null)
        {
            try
            {
                verified = VerifiedAttribution.Load(verifiedPath);
            }
            catch (TraceFormatException e)
            {
                unreadable = e;
            }
        }

        var passing = verified?.Expectation.ExpectsNoFailure ?? false;
        var actual = engine.Attribute(trace, new AttributionRequest { ExpectedAnswer = expected, PassingRun = passing });

        if (verifiedPath is null)
        {
            if (environment.MayAccept)
            {
                Accept(files, actual);
                return ApprovalOutcome.Pass(AttributionMessage.DescribeNew(
                    $"{displayName}: accepted a first attribution ({ApprovalEnvironment.AcceptVariable} is set); wrote {files.VerifiedPath}.", trace, actual));
            }

            WriteReceived(files, actual);
            var message = AttributionMessage.DescribeNew($"{displayName}: no verified attribution yet.", trace, actual)
                          + AcceptHint(files, corpusForCommand, environment);
            return ApprovalOutcome.Fail(message, files.ReceivedPath);
        }

        if (verified is null)
        {
            // Read above and found unreadable.
            var e = unreadable!;
            if (environment.MayAccept)
            {
                Accept(files, actual);
                return ApprovalOutcome.Pass($"{displayName}: replaced an unreadable verified file ({e.Reason}); wrote {files.VerifiedPath}.\n");
            }

            WriteReceived(files, actual);
            var message = AttributionMessage.DescribeNew($"{displayName}: the verified attribution cannot be read.\n{e.Message}", trace, actual)
                          + AcceptHint(files, corpusForCommand, environment);
            return ApprovalOutcome.Fail(message, files.ReceivedPath);
        }

        var comparison = AttributionComparison.Compare(trace, actual, verified.Expectation);
        if (comparison.Matches)
        {
            // A received file left by an earlier failing run is stale now that the trace matches again.
            if (File.Exists(files.ReceivedPath)) File.Delete(files.ReceivedPath);
            return ApprovalOutcome.Pass(null);
        }

        if (environment.MayAccept)
        {
            Accept(files, actual);
            return ApprovalOutcome.Pass(AttributionMessage.Describe(
                $"{displayName}: accepted a changed attribution ({ApprovalEnvironment.AcceptVariable} is set); wrote {files.VerifiedPath}.", comparison));
        }

        WriteReceived(files, actual);
        var diff = AttributionMessage.Describe($"{displayName}: the attribution does not match the verified one ({verifiedPath}).", comparison)
                   + AcceptHint(files, corpusForCommand, environment);
        return ApprovalOutcome.Fail(diff, files.ReceivedPath);
    }

    /// <summary>The command that accepts the received files of a corpus, as the user will type it (see <see cref="AcceptCommandLine"/>).</summary>
    public static string AcceptCommand(string corpus) => AcceptCommandLine.For(corpus).Text;

    private static void Accept(ApprovalFiles files, Attribution actual)
    {
        AtomicFile.WriteAllText(files.VerifiedPath, actual.ToJson());
        if (File.Exists(files.ReceivedPath)) File.Delete(files.ReceivedPath);
    }

    private static void WriteReceived(ApprovalFiles files, Attribution actual) =>
        AtomicFile.WriteAllText(files.ReceivedPath, actual.ToJson());

    private static string AcceptHint(ApprovalFiles files, string corpus, ApprovalEnvironment environment)
    {
        var command = AcceptCommandLine.For(corpus, environment.CurrentDirectory);
        var hint = $"\nWrote {files.ReceivedPath}\n"
                   + $"To accept it: {command.Text}\n"
                   + (command.RunFrom is { } root ? $"              (from the repository root, {root})\n" : "")
                   + $"          or: {ApprovalEnvironment.AcceptVariable}=1 dotnet test\n";
        if (environment.AcceptRefusal is { } refusal) hint += $"Not accepted: {refusal}.\n";
        return hint;
    }
}

/// <summary>The result of checking one trace: passed or not, the text to show, and the received file written.</summary>
internal sealed record ApprovalOutcome(bool Passed, string? Message, string? ReceivedPath)
{
    public static ApprovalOutcome Pass(string? message) => new(true, message, null);

    public static ApprovalOutcome Fail(string message, string? receivedPath) => new(false, message, receivedPath);
}

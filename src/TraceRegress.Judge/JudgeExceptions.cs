namespace TraceRegress.Judge;

/// <summary>The judge is not set up to do what was asked: no model, no client where one must be called, a settings file that holds a key.</summary>
public sealed class JudgeConfigurationException(string message) : Exception(message);

/// <summary>
/// A recorded verdict cannot be used: missing, stale (the trace, the prompt, the model or the taxonomy changed),
/// edited by hand, made for another trace, or refused to be written. The message names the file and what to run.
/// </summary>
public sealed class JudgeRecordingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JudgeRecordingException(string recordingPath, string message, Exception? inner = null)
        : base(message, inner)
    {
        RecordingPath = recordingPath;
    }

    /// <summary>The recording file concerned.</summary>
    public string RecordingPath { get; }
}

/// <summary>
/// The judge's answer was invalid twice (the first time it was told why and asked again). The answers are
/// reported as they are, never replaced by a guess; the recording, when one was written, holds them.
/// </summary>
public sealed class JudgeAnswerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JudgeAnswerException(string traceName, IReadOnlyList<IReadOnlyList<string>> problems, string? recordingPath)
        : base(Describe(traceName, problems, recordingPath))
    {
        Problems = problems;
        RecordingPath = recordingPath;
    }

    /// <summary>The reasons each answer was rejected, one list per attempt.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Problems { get; }

    /// <summary>The recording holding the answers, when one was written or read.</summary>
    public string? RecordingPath { get; }

    private static string Describe(string traceName, IReadOnlyList<IReadOnlyList<string>> problems, string? recordingPath)
    {
        var lines = new List<string> { $"{traceName}: the judge's answer was invalid after {problems.Count} attempt{(problems.Count == 1 ? "" : "s")}; no attribution is given." };
        for (var i = 0; i < problems.Count; i++)
        {
            lines.Add($"Attempt {i + 1}:");
            lines.AddRange(problems[i].Select(p => "  - " + p));
        }

        if (recordingPath is not null) lines.Add($"The answers are in {recordingPath}; record again (traceregress judge record --again) or use another model.");
        return string.Join("\n", lines);
    }
}

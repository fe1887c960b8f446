using System;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Parsing;

/// <summary>What a corpus file is, from its name alone (also compiled into the build task that checks traces).</summary>
internal static partial class CorpusPaths
{
    private const string VerifiedSuffix = ".verified.json";
    private const string ReceivedSuffix = ".received.json";
    private const string ExpectedSuffix = ".expected.json";
    private const string JudgeRecordingSuffix = ".judge.json";

    /// <summary>
    /// The file's role by name: approved and pending attributions, expected answers and recorded judge
    /// verdicts sit beside the traces.
    /// </summary>
    public static CorpusFileRole RoleOf(string relativePath)
    {
        if (relativePath.EndsWith(VerifiedSuffix, StringComparison.OrdinalIgnoreCase)) return CorpusFileRole.Verified;
        if (relativePath.EndsWith(ReceivedSuffix, StringComparison.OrdinalIgnoreCase)) return CorpusFileRole.Received;
        if (relativePath.EndsWith(ExpectedSuffix, StringComparison.OrdinalIgnoreCase)) return CorpusFileRole.ExpectedAnswer;
        if (relativePath.EndsWith(JudgeRecordingSuffix, StringComparison.OrdinalIgnoreCase)) return CorpusFileRole.JudgeRecording;
        return CorpusFileRole.Trace;
    }
}

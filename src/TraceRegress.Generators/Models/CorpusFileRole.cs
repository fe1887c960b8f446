namespace TraceRegress.Generators.Models;

/// <summary>What a file marked as part of the corpus is.</summary>
internal enum CorpusFileRole
{
    /// <summary>An AdditionalFile not marked as part of the corpus: dropped right away.</summary>
    NotCorpus,
    /// <summary>A trace: it gets a test.</summary>
    Trace,
    /// <summary>An approved attribution (<c>*.verified.json</c>).</summary>
    Verified,
    /// <summary>A pending attribution (<c>*.received.json</c>): ignored.</summary>
    Received,
    /// <summary>The expected final answer of a trace (<c>*.expected.json</c>): checked, never a trace.</summary>
    ExpectedAnswer,
    /// <summary>A recorded LLM-judge verdict (<c>*.judge.json</c>), read at run time beside its trace: no test of its own.</summary>
    JudgeRecording,
    /// <summary>A file marked as a trace that lies outside the corpus folder.</summary>
    OutsideCorpus,
}

namespace TraceRegress.Generators;

/// <summary>Names of the pipeline stages, so tests can inspect each one's caching.</summary>
internal static class TrackingNames
{
    /// <summary>The MSBuild properties reduced to <see cref="Models.CorpusOptions"/>.</summary>
    public const string Options = nameof(Options);

    /// <summary>The test framework found in the compilation's references.</summary>
    public const string Framework = nameof(Framework);

    /// <summary>The options and the frameworks referenced, as one <see cref="Models.CorpusSettings"/>.</summary>
    public const string Settings = nameof(Settings);

    /// <summary>Each AdditionalFile paired with the options, before it is read (holds the compiler's own objects).</summary>
    public const string CorpusInputs = nameof(CorpusInputs);

    /// <summary>Each corpus file read and validated into a <see cref="Models.TraceFileModel"/>.</summary>
    public const string CorpusFiles = nameof(CorpusFiles);

    /// <summary>The files marked as part of the corpus.</summary>
    public const string MarkedCorpusFiles = nameof(MarkedCorpusFiles);

    /// <summary>Every corpus file, collected.</summary>
    public const string AllCorpusFiles = nameof(AllCorpusFiles);

    /// <summary>The corpus files in ordinal order of their relative path (<see cref="Models.CorpusFileSet"/>).</summary>
    public const string Corpus = nameof(Corpus);

    /// <summary>Names resolved across the corpus.</summary>
    public const string Plan = nameof(Plan);

    /// <summary>One entry per test class (a corpus folder) with its rows, keyed by the folder's first trace.</summary>
    public const string TestClasses = nameof(TestClasses);

    /// <summary>Each folder's source rendered from its framework's template (its rows and its data-driven test).</summary>
    public const string RenderedClasses = nameof(RenderedClasses);

    /// <summary>Stages whose outputs are our own models (never compiler objects).</summary>
    public static readonly string[] ModelStages = [Options, Framework, Settings, CorpusFiles, MarkedCorpusFiles, AllCorpusFiles, Corpus, Plan, TestClasses, RenderedClasses];
}

namespace TraceRegress.Formats;

/// <summary>Reads one trace format into <see cref="SpanData"/>. One format, one reader file.</summary>
internal interface ITraceReader
{
    /// <summary>The format this reader reads.</summary>
    TraceFormat Format { get; }

    /// <summary>
    /// How sure the reader is that the probed document is its format: 0 for "not mine", higher for
    /// stronger evidence. The highest score wins; ties go to the reader registered first.
    /// </summary>
    int Score(FormatProbe probe);

    /// <summary>Reads the whole document. Throws <see cref="TraceFormatException"/> (via <see cref="TraceInput"/>) on bad input.</summary>
    void Read(TraceInput input, List<SpanData> spans, List<TraceWarning> warnings);
}

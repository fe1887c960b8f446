namespace TraceRegress;

/// <summary>A span selector matched no span, or more than one.</summary>
public sealed class SpanSelectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpanSelectionException(string selector, string message, IReadOnlyList<string> candidates)
        : base(message)
    {
        Selector = selector;
        Candidates = candidates;
    }

    /// <summary>The selector as given.</summary>
    public string Selector { get; }

    /// <summary>The paths of the spans that matched (for an ambiguous selector) or that come close (for one that matched nothing).</summary>
    public IReadOnlyList<string> Candidates { get; }
}

namespace TraceRegress.TestSupport;

/// <summary>
/// The corpus every adapter test project holds under <c>traces/</c> (the same four fixtures, in ordinal order of their
/// relative path) and the shard count each of those projects sets (<c>TraceRegressShardCount</c>).
/// </summary>
internal static class AdapterCorpus
{
    /// <summary>Two shards for four traces, so the runner tests see both shards used.</summary>
    public const int ShardCount = 2;

    /// <summary>The corpus traces by relative path, in ordinal order.</summary>
    public static readonly string[] Traces =
    [
        "billing/rate-limited.json",
        "checkout/inventory-timeout.json",
        "research/five-hop.json",
        "search/docs-not-found.json",
    ];
}

namespace TraceRegress.Generators.Models;

/// <summary>One trace as a row of its folder's data-driven test: a test case named by its relative path.</summary>
/// <param name="RelativePath">The trace's path inside the corpus, with <c>/</c>; also the test case's name.</param>
/// <param name="Shard">The trace's shard, 1 to the shard count (<see cref="Emit.ShardKey"/>).</param>
internal sealed record TraceRow(string RelativePath, int Shard);

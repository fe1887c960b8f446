using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Reflection;

namespace TraceRegress.Testing;

/// <summary>
/// The rows of a generated corpus test class: the <see cref="CorpusTraceAttribute"/> declarations of its assembly that
/// name the class, in ordinal order of their relative path. Each adapter turns them into its framework's data rows
/// (one test case per trace, named by its path and carrying its shard). An assembly's declarations are read once.
/// </summary>
public static class CorpusTraceRows
{
    private static readonly ConcurrentDictionary<Assembly, Dictionary<string, ReadOnlyCollection<CorpusTraceAttribute>>> ByAssembly = new();

    /// <summary>Every trace declared for <paramref name="testClass"/>, in ordinal order of the relative path; empty when there is none.</summary>
    /// <param name="testClass">The generated test class.</param>
    /// <returns>The declarations; a shared read-only list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="testClass"/> is null.</exception>
    public static IReadOnlyList<CorpusTraceAttribute> Of(Type testClass)
    {
        if (testClass is null) throw new ArgumentNullException(nameof(testClass));
        var rows = ByAssembly.GetOrAdd(testClass.Assembly, Read);
        return testClass.FullName is { } name && rows.TryGetValue(name, out var found) ? found : Array.Empty<CorpusTraceAttribute>();
    }

    /// <summary>The traces declared for <paramref name="testClass"/> in one shard, in ordinal order of the relative path.</summary>
    /// <param name="testClass">The generated test class.</param>
    /// <param name="shard">The shard, from 1.</param>
    /// <returns>The declarations of that shard; empty when there is none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="testClass"/> is null.</exception>
    public static IReadOnlyList<CorpusTraceAttribute> Of(Type testClass, int shard) =>
        Of(testClass).Where(row => row.Shard == shard).ToArray();

    // Plain collections and no newer API than netstandard2.0 has: the declarations of an assembly, grouped by class.
    private static Dictionary<string, ReadOnlyCollection<CorpusTraceAttribute>> Read(Assembly assembly) =>
        assembly.GetCustomAttributes<CorpusTraceAttribute>()
            .GroupBy(static row => row.TestClass, StringComparer.Ordinal)
            .ToDictionary(
                static group => group.Key,
                static group => Array.AsReadOnly(group.OrderBy(static row => row.RelativePath, StringComparer.Ordinal).ToArray()),
                StringComparer.Ordinal);
}

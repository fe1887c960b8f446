namespace TraceRegress.Approval;

/// <summary>
/// What a test expects of the category. A verified file compares the <c>l4</c> leaf when it gives one,
/// and otherwise every coarser level it gives (a file with only <c>l1</c> and <c>l2</c> pins whose fix
/// it is and the group, nothing finer). <c>Assert.Attributes</c> names one category at any level.
/// </summary>
internal sealed class CategoryExpectation
{
    private static readonly string[] LevelNames = ["l1", "l2", "l3", "l4"];

    private CategoryExpectation(string?[] levels, string? anyLevel)
    {
        Levels = levels;
        AnyLevel = anyLevel;
    }

    /// <summary>The levels as given (l1..l4), null where absent.</summary>
    public IReadOnlyList<string?> Levels { get; }

    /// <summary>A single category name matching any level, as <c>Assert.Attributes</c> takes it.</summary>
    public string? AnyLevel { get; }

    /// <summary>The category levels a verified file gives; at least one must be present.</summary>
    public static CategoryExpectation OfLevels(string? l1, string? l2, string? l3, string? l4)
    {
        string?[] levels = [Blank(l1), Blank(l2), Blank(l3), Blank(l4)];
        if (levels.All(l => l is null)) throw new ArgumentException("a category expectation needs at least one level");
        return new CategoryExpectation(levels, null);
    }

    /// <summary>A category named at any level: an l4 leaf, or an l3, l2 or l1 value.</summary>
    public static CategoryExpectation OfName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new CategoryExpectation([null, null, null, null], name.Trim());
    }

    /// <summary>The indices (0 = l1) of the levels compared.</summary>
    public IReadOnlyList<int> ComparedLevels =>
        AnyLevel is not null ? [] : Levels[3] is not null ? [3] : Enumerable.Range(0, 4).Where(i => Levels[i] is not null).ToArray();

    public bool Matches(FailureCategory? actual)
    {
        if (actual is null) return false;
        var levels = actual.Levels;
        if (AnyLevel is not null) return levels.Any(l => string.Equals(l, AnyLevel, StringComparison.OrdinalIgnoreCase));
        return ComparedLevels.All(i => string.Equals(levels[i], Levels[i], StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The compared part for messages: <c>Resource Not Found (l4)</c>, <c>l1 environment, l2 System Execution Errors</c> or <c>"API Issues" at any level</c>.</summary>
    public string Describe()
    {
        if (AnyLevel is not null) return $"\"{AnyLevel}\" at any level";
        var compared = ComparedLevels;
        if (compared is [3]) return $"{Levels[3]} (l4)";
        return string.Join(", ", compared.Select(i => $"{LevelNames[i]} {Levels[i]}"));
    }

    /// <summary>The actual category with all its levels, coarse to fine.</summary>
    public static string DescribeActual(FailureCategory? actual) => actual?.ToString() ?? "none (no failure found)";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

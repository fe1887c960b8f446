using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using TraceRegress.Generators.Emit;

namespace TraceRegress.Generators.Tests;

/// <summary>
/// Approved snapshots of generated source: <c>Snapshots/&lt;name&gt;.verified.cs</c> beside the tests.
/// A mismatch (or a missing approved file) writes <c>&lt;name&gt;.received.cs</c> and fails; accept
/// a change by renaming the received file over the verified one.
/// </summary>
public static class Approval
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var verified = Path.Combine(folder, name + ".verified.cs");
        var received = Path.Combine(folder, name + ".received.cs");
        var scrubbed = Scrub(actual);

        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == scrubbed)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(received, scrubbed);
        Assert.Fail(expected is null
            ? $"No approved snapshot {verified}. Wrote {received}; review it and rename it to .verified.cs to accept."
            : $"Generated source differs from {verified}. Wrote {received}; diff the two, and rename it to .verified.cs to accept.\n{FirstDifference(expected, scrubbed)}");
    }

    /// <summary>Removes what changes between builds and machines: the generator version and the project's absolute path.</summary>
    public static string Scrub(string text)
    {
        text = Normalize(text);
        text = text.Replace("\"" + TestSourceRenderer.Version + "\"", "\"{version}\"", StringComparison.Ordinal);
        text = text.Replace(GeneratorHarness.ProjectDir, "{ProjectDir}/", StringComparison.Ordinal);
        return Regex.Replace(text, "[ \t]+\n", "\n");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right) return $"line {i + 1}:\n  approved: {left}\n  received: {right}";
        }

        return "(only line endings differ)";
    }
}

using System.Xml.Linq;

namespace TraceRegress.EndToEnd.Tests.Examples;

/// <summary>One test of a TRX log: its display name, its outcome and, when it failed, its message.</summary>
public sealed record TestResult(string Name, string Outcome, string Message)
{
    public bool Passed => Outcome == "Passed";
}

/// <summary>Reads the results of a Visual Studio test results (TRX) file.</summary>
internal static class TrxResults
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static IReadOnlyList<TestResult> Read(string path)
    {
        var doc = XDocument.Load(path);
        return doc.Descendants(Ns + "UnitTestResult")
            .Select(r => new TestResult(
                (string?)r.Attribute("testName") ?? "",
                (string?)r.Attribute("outcome") ?? "",
                (string?)r.Element(Ns + "Output")?.Element(Ns + "ErrorInfo")?.Element(Ns + "Message") ?? ""))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }
}

using System.Globalization;
using System.Text;

namespace TraceRegress.Benchmarks.Results;

/// <summary>One measured ratio, its target and whether it is met.</summary>
internal sealed record Result(string Name, double Value, string Unit, double? Target, string Detail)
{
    public bool? Met => Target is { } target ? Value <= target : null;
}

/// <summary>Collects the results of a run and prints them as one table at the end.</summary>
internal sealed class ResultTable
{
    private readonly List<Result> _results = [];

    public void Add(string name, double value, string unit, double? target, string detail)
    {
        var result = new Result(name, value, unit, target, detail);
        _results.Add(result);
        Console.WriteLine($"[bench] {Format(result)}");
    }

    public void Note(string text) => Console.WriteLine($"[bench] {text}");

    public string Render()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| measure | value | target | met | detail |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var r in _results)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {r.Name} | {Number(r.Value)}{r.Unit} | ")
                .Append(r.Target is { } t ? $"≤ {Number(t)}{r.Unit}" : "–").Append(" | ")
                .Append(r.Met switch { true => "yes", false => "**no**", null => "–" }).Append(" | ")
                .Append(r.Detail).AppendLine(" |");
        }

        return sb.ToString();
    }

    private static string Format(Result r) =>
        $"{r.Name}: {Number(r.Value)}{r.Unit}" + (r.Target is { } t ? $" (target ≤ {Number(t)}{r.Unit}: {(r.Met == true ? "met" : "MISSED")})" : "") + $" — {r.Detail}";

    public static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "F0" : Math.Abs(value) >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);
}

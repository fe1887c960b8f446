using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool call aimed at another scope than the one the run is about: an environment, a branch, a region, a cluster or a
/// namespace. The task named it ("checkout-api in prod-eu"), or a tool's result did (a build log's
/// <c>"branch": "feature/ledger-rounding"</c>, a deploy record's <c>"environment"</c>), and a model call then asks a tool
/// about another value of the same kind (<c>"environment": "staging"</c>, <c>"gitRef": "main"</c>) that the task never
/// names. The tool answers faithfully about the wrong place: the call is cited, Incorrect Problem Identification when it
/// left the scope the user gave, Tool Output Misinterpretation when it left the one a tool reported. What the wrong call
/// returned (a 404, a healthy figure from staging) is its symptom. A scope the run names two values of (comparing
/// staging with production) is not read this way.
/// </summary>
internal sealed partial class ScopeArgumentDetector : IDetector
{
    public const string DetectorId = "scope-argument";

    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["environment"] = "environment", ["env"] = "environment", ["stage"] = "environment", ["deploymentenvironment"] = "environment",
        ["targetenvironment"] = "environment", ["environmentname"] = "environment", ["envname"] = "environment",
        ["branch"] = "branch", ["ref"] = "branch", ["gitref"] = "branch", ["headref"] = "branch", ["branchname"] = "branch",
        ["region"] = "region", ["awsregion"] = "region", ["regionname"] = "region",
        ["cluster"] = "cluster", ["clustername"] = "cluster",
        ["namespace"] = "namespace", ["kubenamespace"] = "namespace",
    };

    // Deployment environments as a task writes them: "prod-eu", "production", "staging", "uat".
    [GeneratedRegex(@"\b(?:prod|production|staging|preprod|pre-prod|uat|sandbox)(?:-[a-z0-9]+)*\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentName();

    // A branch a task names: "on branch feature/x", "the release/2.4 branch".
    [GeneratedRegex(@"\bbranch\s+[`'""]?(?<v>[\w./-]{0,100}\w)|(?<![\w./-])[`'""]?(?<v>[\w./-]{0,100}\w)[`'""]?\s+branch\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BranchName();

    // Cloud regions: "eu-west-1", "us-east-2".
    [GeneratedRegex(@"\b(?:us|eu|ap|sa|ca|me|af|il)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var task = context.Turns.Task;
        var taskText = task?.Text ?? "";
        // What the run has said each scope is, in causal order: the task first, then arguments and results as they come.
        var known = new Dictionary<string, (string Value, Evidence Where, bool FromTask)>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        if (task is not null) FromTask(task, known, ambiguous);

        var calls = view.ToolCalls.Calls.Where(c => c.RequestedBy is not null).OrderBy(c => view.Rank(c.RequestedBy!.Span)).ThenBy(c => c.Ordinal);
        foreach (var call in calls)
        {
            if (call.Arguments is { } args && Scopes(args) is { Count: > 0 } asked)
            {
                foreach (var (kind, value, written) in asked)
                {
                    if (ambiguous.Contains(kind) || !known.TryGetValue(kind, out var was) || Same(was.Value, value)) continue;
                    // The task names the other value too: the run is about both.
                    if (WholeWords.Find(taskText.ToLowerInvariant(), value.ToLowerInvariant()) >= 0) continue;
                    var explains = new List<string>();
                    if (call.ExecutionSpan is { } executed)
                    {
                        explains.Add(executed.SpanId);
                        explains.AddRange(executed.Descendants().Take(64).Select(d => d.SpanId));
                    }

                    var tool = call.Name.Length > 0 ? call.Name : "a tool";
                    var leaf = was.FromTask ? "Incorrect Problem Identification" : "Tool Output Misinterpretation";
                    var whose = was.FromTask ? "the task" : "a tool's result";
                    yield return context.CreateFinding(this, call.RequestedBy!.Span, leaf,
                        $"{call.RequestedBy!.Span.Name} asks {tool} about {kind} {value} where {whose} says {was.Value}: it answers for another {kind}.",
                        [was.Where, new Evidence(args.Span.SpanId, args.Source, written)], 0.65)
                        with { Basis = AttributionBasis.Inference, Explains = explains };
                    yield break;
                }

                Learn(asked, args, known, ambiguous, fromArguments: true, task);
            }

            foreach (var result in call.Results)
            {
                if (Scopes(result) is { Count: > 0 } reported) Learn(reported, result, known, ambiguous, fromArguments: false, task);
            }
        }
    }

    private static readonly HashSet<string> NotBranches = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "this", "that", "new", "same", "other", "another", "my", "your", "our", "his", "her", "their", "its", "which", "what",
        "default", "remote", "local", "current", "each", "every", "any", "feature", "release", "git", "one", "separate", "different",
    };

    /// <summary>
    /// True when two values name the same scope, or one narrows the other: "production" and "prod", "prod" and
    /// "prod-eu", "refs/heads/main" and "main".
    /// </summary>
    private static bool Same(string a, string b)
    {
        static string Norm(string v)
        {
            v = v.Trim().ToLowerInvariant().Replace("refs/heads/", "", StringComparison.Ordinal);
            return v.StartsWith("production", StringComparison.Ordinal) ? "prod" + v["production".Length..] : v;
        }

        var (x, y) = (Norm(a), Norm(b));
        return x == y || x.StartsWith(y + "-", StringComparison.Ordinal) || y.StartsWith(x + "-", StringComparison.Ordinal);
    }

    private static void FromTask(SourcedText task, Dictionary<string, (string, Evidence, bool)> known, HashSet<string> ambiguous)
    {
        // One value named is the run's scope of that kind; two or more make it a scope the run compares.
        void Add(string kind, IEnumerable<string> named)
        {
            var values = named.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (values.Count > 1) ambiguous.Add(kind);
            else if (values.Count == 1) known[kind] = (values[0], new Evidence(task.Span.SpanId, task.Source, values[0]), true);
        }

        Add("environment", EnvironmentName().Matches(task.Text).Select(m => m.Value));
        // Bounded names, and only in a task that says "branch": a long run of word characters is never scanned twice.
        if (task.Text.Contains("branch", StringComparison.OrdinalIgnoreCase))
        {
            Add("branch", BranchName().Matches(task.Text).Select(m => m.Groups["v"].Value).Where(v => !NotBranches.Contains(v)));
        }

        Add("region", RegionName().Matches(task.Text).Select(m => m.Value));
    }

    private static void Learn(List<(string Kind, string Value, string Written)> scopes, SourcedText where, Dictionary<string, (string, Evidence, bool)> known, HashSet<string> ambiguous, bool fromArguments, SourcedText? task)
    {
        foreach (var (kind, value, written) in scopes)
        {
            if (known.TryGetValue(kind, out var was))
            {
                // A result that reports another value of a scope the run already had makes it a scope of two values.
                if (!Same(was.Item1, value) && !fromArguments) ambiguous.Add(kind);
                continue;
            }

            // A value the task itself names ("pods in namespace payments") is the user's scope, wherever it is first read.
            var inTask = task is not null && WholeWords.Find(task.Text.ToLowerInvariant(), value.ToLowerInvariant()) >= 0;
            known[kind] = inTask ? (value, new Evidence(task!.Span.SpanId, task.Source, value), true) : (value, new Evidence(where.Span.SpanId, where.Source, written), false);
        }
    }

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KindsBySpan = Kinds.GetAlternateLookup<ReadOnlySpan<char>>();

    // The scope a property's name stands for, its letters compared in lower case without allocating ("gitRef", "git_ref").
    private static string? KindOf(string name)
    {
        if (name.Length > 40) return null;
        Span<char> key = stackalloc char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (char.IsAsciiLetter(c)) key[n++] = char.ToLowerInvariant(c);
        }

        return KindsBySpan.TryGetValue(key[..n], out var kind) ? kind : null;
    }

    // Text naming none of the scope keys holds no scope field: it is not read as JSON.
    private static readonly System.Buffers.SearchValues<string> ScopeText = System.Buffers.SearchValues.Create(
        ["env", "stage", "branch", "ref", "region", "cluster", "namespace"], StringComparison.OrdinalIgnoreCase);

    // The scope fields of a JSON object (top level, and one level down), with their values as written.
    private static List<(string Kind, string Value, string Written)> Scopes(SourcedText text)
    {
        var found = new List<(string, string, string)>();
        if (text.Text.AsSpan().IndexOfAny(ScopeText) < 0 || text.Json is not { ValueKind: JsonValueKind.Object } root) return found;
        void Read(JsonElement obj, int depth)
        {
            foreach (var p in obj.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Object && depth == 0) Read(p.Value, 1);
                if (p.Value.ValueKind != JsonValueKind.String || KindOf(p.Name) is not { } kind) continue;
                var value = p.Value.GetString()!.Trim();
                if (value.Length is 0 or > 100 || value.Contains(' ', StringComparison.Ordinal)) continue;
                found.Add((kind, value, JsonProperties.Written(text.Text, p) ?? $"\"{p.Name}\": \"{value}\""));
            }
        }

        Read(root, 0);
        return found;
    }
}

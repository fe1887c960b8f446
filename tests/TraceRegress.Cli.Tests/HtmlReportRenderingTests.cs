using System.Diagnostics;
using System.Text.RegularExpressions;
using TraceRegress.Approval;
using TraceRegress.Cli.Tests.Commands;

namespace TraceRegress.Cli.Tests;

/// <summary>Renders the HTML report in headless Chromium and checks what a reader would see.</summary>
public partial class HtmlReportRenderingTests
{
    [ChromiumFact]
    public void The_report_renders_offline_with_heatmap_and_changed_traces()
    {
        using var corpus = ReportCommandTests.ApprovedCorpus();
        File.Copy(Fixture.Path("approvals", "tool-not-found.old.verified.json"), corpus.Path("search", "tool-not-found.verified.json"), overwrite: true);
        var html = corpus.Path("report.html");
        var cited = Directory.GetFiles(Fixture.Path("corpus"), "*.json", SearchOption.AllDirectories)
            .Select(p => AttributionEngine.Default.Attribute(AgentTrace.Load(p))).Where(a => a.FailureFound).ToArray();

        var run = CliRun.Of("report", corpus.Root, "--html", html);
        Assert.Equal(0, run.ExitCode);

        // Compare text, not entity spelling: Chromium writes characters where the page wrote entities.
        var dom = System.Net.WebUtility.HtmlDecode(Chromium.DumpDom(html));

        Assert.Contains("<h1>TraceRegress report</h1>", dom);
        // Scripts never run in the page; the DOM Chromium built is the page as written.
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        var summary = Regex.Match(dom, "<div class=\"summary\" id=\"summary\">(.*?)</div>\\s*<h2", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("<b>3</b>traces", summary);
        Assert.Contains("<b>1</b>changed since approval", summary);
        Assert.Contains("<code>search/tool-not-found.json</code>", dom);
        Assert.Contains("support-agent/gen_ai.chat[2] — Tool Output Misinterpretation (l4)", dom);
        var operations = Section(dom, "operations");
        foreach (var group in cited.GroupBy(a => a.Cited!.Name))
        {
            Assert.Matches($"<td>{Regex.Escape(group.Key)}</td><td class=\"num\">{group.Count()}</td>", operations);
        }

        var categories = Section(dom, "categories");
        foreach (var group in cited.GroupBy(a => a.Category!))
        {
            Assert.Contains($"title=\"{group.Key}\">{group.Key.L4}</td><td class=\"num\">{group.Count()}</td>", categories);
        }

        var heatmap = Regex.Match(dom, "<table class=\"heatmap\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        foreach (var group in cited.GroupBy(a => (a.Cited!.Name, a.Category!.L4)))
        {
            Assert.Contains($"<th>{group.Key.Name}</th>", heatmap);
            Assert.Contains($"title=\"{group.Key.Name} × {group.Key.L4}: {group.Count()}\"", heatmap);
        }

        var traces = Section(dom, "traces");
        Assert.Contains("<td class=\"state-Changed\">changed</td>", traces);
        Assert.Equal(2, Regex.Matches(traces, "<td class=\"state-Approved\">approved</td>").Count);
    }

    [Fact]
    public void Without_chromium_the_test_is_skipped_saying_how_to_install_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-chromium-" + Guid.NewGuid().ToString("N"), "chromium");

        var reason = Chromium.SkipReason(missing, buildServer: null);

        Assert.Equal($"Chromium is not installed at {missing}: install Debian's package (apt-get install chromium) or set TRACEREGRESS_CHROMIUM to its path to render the HTML report", reason);
    }

    [Fact]
    public void Without_chromium_on_a_build_server_the_test_runs_and_fails_saying_why()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-chromium-" + Guid.NewGuid().ToString("N"), "chromium");
        using var corpus = ReportCommandTests.ApprovedCorpus();
        var html = corpus.Path("report.html");
        Assert.Equal(0, CliRun.Of("report", corpus.Root, "--html", html).ExitCode);

        Assert.Null(Chromium.SkipReason(missing, buildServer: "CI"));
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Chromium.DumpDom(html, missing));

        Assert.Contains($"Chromium is not installed at {missing}, and on a build server (CI) the HTML report must be rendered", failure.Message);
        Assert.Contains(".ci/run installs it with apt-get", failure.Message);
    }

    // The content of one <h2 id=…> section, up to the next heading.
    private static string Section(string dom, string id) =>
        Regex.Match(dom, $"<h2 id=\"{id}\">(.*?)(?:<h2|</body>)", RegexOptions.Singleline).Groups[1].Value;
}

/// <summary>
/// A fact that renders with Chromium. Where Chromium is missing it is skipped with the reason, except on a
/// build server, where it runs and fails saying why: CI must not pass because the renderer was absent.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.SkipReason(Chromium.Executable, BuildServer.Detect(Environment.GetEnvironmentVariable)) is { } reason) Skip = reason;
    }
}

/// <summary>Headless Chromium (Debian's <c>chromium</c> package, or the one TRACEREGRESS_CHROMIUM names).</summary>
internal static class Chromium
{
    public const string DefaultExecutable = "/usr/bin/chromium";

    public static string Executable =>
        Environment.GetEnvironmentVariable("TRACEREGRESS_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultExecutable;

    /// <summary>Why a rendering test is skipped; null when it runs (Chromium is there, or a build server demands it).</summary>
    public static string? SkipReason(string executable, string? buildServer) =>
        File.Exists(executable) || buildServer is not null
            ? null
            : $"Chromium is not installed at {executable}: install Debian's package (apt-get install chromium) or set TRACEREGRESS_CHROMIUM to its path to render the HTML report";

    /// <summary>The DOM Chromium builds from a local file, with every network feature off and names unresolvable.</summary>
    public static string DumpDom(string htmlPath, string? executable = null)
    {
        executable ??= Executable;
        if (!File.Exists(executable))
        {
            Assert.Fail($"Chromium is not installed at {executable}, and on a build server ({BuildServer.Detect(Environment.GetEnvironmentVariable) ?? "CI"}) the HTML report must be rendered: " +
                        ".ci/run installs it with apt-get when it runs as root; otherwise run 'apt-get install -y chromium' in the image");
        }

        var profile = Path.Combine(Path.GetTempPath(), "traceregress-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            var (code, output) = RunProcess(executable, TimeSpan.FromMinutes(2),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={profile}",
                "--dump-dom", new Uri(htmlPath).AbsoluteUri);
            Assert.True(code == 0, $"chromium exited with {code}: {Last(output)}");
            return output;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still hold a lock file for a moment; the temp folder is cleaned by the system.
            }
        }
    }

    private static (int Code, string Output) RunProcess(string file, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}");
        }

        return (process.ExitCode, stdout.Result + (process.ExitCode == 0 ? "" : stderr.Result));
    }

    private static string Last(string text) => text.Length <= 400 ? text.Trim() : text[^400..].Trim();
}

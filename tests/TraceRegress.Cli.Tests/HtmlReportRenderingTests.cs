using System.Diagnostics;
using System.Text.RegularExpressions;
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
            .Select(p => AttributionEngine.Default.Attribute(Trace.Load(p))).Where(a => a.FailureFound).ToArray();

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
        var heatmap = Regex.Match(dom, "<table class=\"heatmap\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        foreach (var group in cited.GroupBy(a => (a.Cited!.Name, a.Category!.L4)))
        {
            Assert.Contains($"<th>{group.Key.Name}</th>", heatmap);
            Assert.Contains($"title=\"{group.Key.Name} × {group.Key.L4}: {group.Count()}\"", heatmap);
        }
    }
}

/// <summary>A fact that runs only where Chromium is installed or can be installed; otherwise skipped, saying why.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Unavailable is { } reason) Skip = reason;
    }
}

/// <summary>Debian's headless Chromium, installed on first use when missing and this process may install packages.</summary>
internal static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly Lazy<string?> Installation = new(EnsureInstalled);

    /// <summary>Null when Chromium can be used; else why not.</summary>
    public static string? Unavailable => Installation.Value;

    private static string? EnsureInstalled()
    {
        if (File.Exists(Executable)) return null;
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
        {
            return "Chromium is not installed at /usr/bin/chromium and this system has no apt-get to install it";
        }

        if (Environment.UserName != "root")
        {
            return "Chromium is not installed at /usr/bin/chromium and installing it needs root (apt-get install -y chromium)";
        }

        var log = new System.Text.StringBuilder();
        foreach (var arguments in (string[])["update -qq", "install -y -qq -o DPkg::Lock::Timeout=600 chromium"])
        {
            var (code, output) = RunProcess("/usr/bin/apt-get", arguments, TimeSpan.FromMinutes(15), ("DEBIAN_FRONTEND", "noninteractive"));
            log.Append(output);
            if (code != 0 && arguments.StartsWith("install", StringComparison.Ordinal))
            {
                return $"apt-get install -y chromium failed (exit {code}): {Last(log.ToString())}";
            }
        }

        return File.Exists(Executable) ? null : "apt-get ran but /usr/bin/chromium is still missing";
    }

    /// <summary>The DOM Chromium builds from a local file, with every network feature off.</summary>
    public static string DumpDom(string htmlPath)
    {
        var profile = Path.Combine(Path.GetTempPath(), "traceregress-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            var arguments = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking " +
                            $"--disable-component-update --disable-sync --user-data-dir={profile} --dump-dom file://{htmlPath}";
            var (code, output) = RunProcess(Executable, arguments, TimeSpan.FromMinutes(2));
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

    private static (int Code, string Output) RunProcess(string file, string arguments, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
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

using System.Diagnostics;
using System.Reflection;

namespace TraceRegress.Benchmarks;

/// <summary>Runs this benchmark program again in a child process (for measurements that need a fresh process).</summary>
internal static class SelfProcess
{
    public static string Run(IEnumerable<string> arguments)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Under `dotnet TraceRegress.Benchmarks.dll` the host needs the assembly again; the apphost does not.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"child run failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Trim();
    }
}

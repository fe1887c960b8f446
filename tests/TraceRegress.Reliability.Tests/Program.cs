using TraceRegress.Reliability.Tests.Approval;

namespace TraceRegress.Reliability.Tests;

/// <summary>
/// The test assembly doubles as the child process that crash tests kill mid-write; the test runner
/// itself never calls this entry point.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => args switch
    {
        [CrashingWriter.Command, var path, var first, var second] => CrashingWriter.Run(path, first, second),
        _ => 2,
    };
}

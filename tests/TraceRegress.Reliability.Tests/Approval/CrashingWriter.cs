using TraceRegress.Approval;

namespace TraceRegress.Reliability.Tests.Approval;

/// <summary>
/// The child process the crash tests kill: it rewrites one verified file through the atomic write again
/// and again, alternating two attributions and writing each slowly, in small pieces, so that a kill lands
/// in the middle of a write most of the time. Started as <c>dotnet TraceRegress.Reliability.Tests.dll
/// rewrite-verified &lt;path&gt; &lt;first&gt; &lt;second&gt;</c>.
/// </summary>
internal static class CrashingWriter
{
    public const string Command = "rewrite-verified";

    public static int Run(string path, string first, string second)
    {
        var versions = new[] { File.ReadAllBytes(first), File.ReadAllBytes(second) };
        for (var round = 0; ; round++)
        {
            var content = versions[round % 2];
            AtomicFile.Write(path, stream =>
            {
                for (var at = 0; at < content.Length; at += 256)
                {
                    stream.Write(content, at, Math.Min(256, content.Length - at));
                    stream.Flush();
                    Thread.Sleep(1);
                }
            });

            // The parent waits for the first complete write before it starts killing.
            if (round == 0) Console.WriteLine("ready");
        }
    }
}

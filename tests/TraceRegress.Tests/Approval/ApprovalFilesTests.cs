using TraceRegress.Approval;

namespace TraceRegress.Tests.Approval;

public class ApprovalFilesTests
{
    [Theory]
    [InlineData("traces/checkout/timeout-0519.json", "traces/checkout/timeout-0519.verified.json", "traces/checkout/timeout-0519.received.json")]
    [InlineData("traces/collector/export.jsonl", "traces/collector/export.verified.json", "traces/collector/export.received.json")]
    [InlineData("run.v2.json", "run.v2.verified.json", "run.v2.received.json")]
    public void Names_follow_the_trace_file(string trace, string verified, string received)
    {
        var files = ApprovalFiles.For(Native(trace));
        Assert.Equal(Native(verified), files.VerifiedPath);
        Assert.Equal(Native(received), files.ReceivedPath);
    }

    [Theory]
    [InlineData("a/timeout.json", true)]
    [InlineData("a/export.jsonl", true)]
    [InlineData("a/timeout.verified.json", false)]
    [InlineData("a/timeout.received.json", false)]
    [InlineData("a/notes.md", false)]
    [InlineData("a/timeout.expected.json", false)]
    [InlineData("a/timeout.judge.json", false)]
    public void Tells_traces_from_approval_files(string path, bool isTrace)
    {
        Assert.Equal(isTrace, ApprovalFiles.IsTraceFile(path));
        Assert.Equal(path.Contains(".verified.") || path.Contains(".received."), ApprovalFiles.IsApprovalFile(path));
    }

    [Fact]
    public void A_received_file_is_promoted_to_the_verified_file_beside_it()
    {
        Assert.Equal(Native("t/x.verified.json"), ApprovalFiles.VerifiedFor(Native("t/x.received.json")));
        Assert.Throws<ArgumentException>(() => ApprovalFiles.VerifiedFor("t/x.json"));
    }

    [Fact]
    public void Finds_the_trace_of_an_approval_file_json_first()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("a.jsonl"), "");
        Assert.Equal(folder.File("a.jsonl"), ApprovalFiles.FindTrace(folder.File("a.verified.json")));
        File.WriteAllText(folder.File("a.json"), "");
        Assert.Equal(folder.File("a.json"), ApprovalFiles.FindTrace(folder.File("a.received.json")));
        Assert.Null(ApprovalFiles.FindTrace(folder.File("b.verified.json")));
    }

    private static string Native(string path) => path.Replace('/', Path.DirectorySeparatorChar);
}

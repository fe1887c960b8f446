using TraceRegress.Approval;

namespace TraceRegress.Tests.Approval;

public class AcceptanceTests
{
    private static readonly StatusCodeEngine Engine = new();

    [Fact]
    public void Promotes_a_received_file_and_lists_it_as_new()
    {
        using var folder = new TempFolder();
        folder.CopyFixture("rate-limited.json");
        var received = folder.File("rate-limited.received.json");
        File.WriteAllText(received, Engine.Attribute(AgentTrace.Load(folder.File("rate-limited.json"))).ToJson());

        var change = Acceptance.Accept(received);

        Assert.True(change.IsNew);
        Assert.False(File.Exists(received));
        Assert.True(File.Exists(folder.File("rate-limited.verified.json")));
        Assert.Equal(folder.File("rate-limited.json"), change.TracePath);
        Assert.Equal("rate-limited.verified.json: (new) → billing-agent.run/gen_ai.chat[1] — Rate Limiting (l4)", change.Describe(folder.Path));
    }

    [Fact]
    public void Replacing_a_verified_file_lists_old_and_new_span_and_category()
    {
        using var folder = new TempFolder();
        folder.CopyFixture("inventory-timeout.json");
        folder.CopyFixture("inventory-timeout.verified.json");
        var received = folder.File("inventory-timeout.received.json");
        File.WriteAllText(received, File.ReadAllText(folder.File("inventory-timeout.verified.json"))
            .Replace("checkout-agent.run/execute_tool inventory.lookup", "checkout-agent.run/gen_ai.chat[2]")
            .Replace("\"Timeout Issues\"", "\"Tool Output Misinterpretation\""));

        var change = Acceptance.Accept(received);

        Assert.False(change.IsNew);
        Assert.Equal(
            "inventory-timeout.verified.json: checkout-agent.run/execute_tool inventory.lookup — Timeout Issues (l4) → checkout-agent.run/gen_ai.chat[2] — Tool Output Misinterpretation (l4)",
            change.Describe(folder.Path));
        Assert.Contains("Tool Output Misinterpretation", File.ReadAllText(folder.File("inventory-timeout.verified.json")));
    }

    [Fact]
    public void An_unreadable_received_file_is_refused_and_the_verified_file_kept()
    {
        using var folder = new TempFolder();
        var verified = folder.CopyFixture("inventory-timeout.verified.json");
        var before = File.ReadAllBytes(verified);
        var received = folder.File("inventory-timeout.received.json");
        File.WriteAllText(received, "{ \"cited\": ");

        Assert.Throws<TraceFormatException>(() => Acceptance.Accept(received));

        Assert.Equal(before, File.ReadAllBytes(verified));
        Assert.True(File.Exists(received));
    }

    [Fact]
    public void Accepting_a_corpus_promotes_every_received_file_in_path_order_and_reports_the_bad_ones()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("b"));
        Directory.CreateDirectory(folder.File("a"));
        var json = File.ReadAllText(Fixture.Path("approval", "inventory-timeout.verified.json"));
        File.WriteAllText(folder.File("b/one.received.json"), json);
        File.WriteAllText(folder.File("a/two.received.json"), json);
        File.WriteAllText(folder.File("a/bad.received.json"), "[]");
        File.WriteAllText(folder.File("a/kept.verified.json"), json);

        var report = Acceptance.AcceptAll(folder.Path);

        Assert.Equal([Path.Combine("a", "two.verified.json"), Path.Combine("b", "one.verified.json")],
            report.Accepted.Select(c => Path.GetRelativePath(folder.Path, c.VerifiedPath)));
        var bad = Assert.Single(report.Failed);
        Assert.EndsWith("bad.received.json", bad.Path);
        Assert.True(File.Exists(folder.File("a/kept.verified.json")));
        Assert.True(File.Exists(folder.File("a/bad.received.json")));
    }

    [Fact]
    public void With_nothing_received_nothing_changes()
    {
        using var folder = new TempFolder();
        var verified = folder.CopyFixture("inventory-timeout.verified.json");

        var report = Acceptance.AcceptAll(folder.Path);

        Assert.Empty(report.Accepted);
        Assert.True(File.Exists(verified));
        Assert.Throws<DirectoryNotFoundException>(() => Acceptance.AcceptAll(folder.File("missing")));
    }
}

using System.Text;
using TraceRegress.Approval;
using TraceRegress.Model;

namespace TraceRegress.Xunit.Tests;

/// <summary>The approval workflow of the generated corpus tests, run against a throwaway copy of the corpus.</summary>
public class CorpusWorkflowTests
{
    private const string Checkout = "checkout/inventory-timeout.json";

    [Fact]
    public void A_matching_trace_passes_and_removes_a_stale_received_file()
    {
        using var corpus = new Corpus();
        File.WriteAllText(corpus.Source("checkout/inventory-timeout.received.json"), File.ReadAllText(corpus.Source("checkout/inventory-timeout.verified.json")));

        corpus.Verify(Checkout);

        Assert.False(File.Exists(corpus.Source("checkout/inventory-timeout.received.json")));
    }

    [Fact]
    public void A_trace_without_verified_file_writes_received_beside_the_source_and_says_how_to_accept()
    {
        using var corpus = new Corpus();
        File.Delete(corpus.Source("checkout/inventory-timeout.verified.json"));

        var failure = Assert.Throws<AttributionException>(() => corpus.Verify(Checkout));

        var received = corpus.Source("checkout/inventory-timeout.received.json");
        Assert.True(File.Exists(received));
        Assert.False(File.Exists(corpus.Copied("checkout/inventory-timeout.received.json")));
        Assert.False(File.Exists(corpus.Source("checkout/inventory-timeout.verified.json")));
        Assert.Contains("traces/checkout/inventory-timeout.json: no verified attribution yet.", failure.Message);
        Assert.Contains($"Wrote {received}", failure.Message);
        Assert.Contains($"To accept it: traceregress accept {corpus.SourceDirectory}", failure.Message);
        Assert.Contains("or: TRACEREGRESS_ACCEPT=1 dotnet test", failure.Message);
        Assert.Contains("execute_tool inventory.lookup [a100000000000003]", failure.Message);
        Assert.Equal("checkout-agent.run/execute_tool inventory.lookup", VerifiedAttribution.Load(received).Expectation.Span);
    }

    [Fact]
    public void A_verified_file_deleted_in_the_source_is_not_revived_by_the_copy_in_the_output()
    {
        using var corpus = new Corpus();
        File.Delete(corpus.Source("checkout/inventory-timeout.verified.json"));
        Assert.True(File.Exists(corpus.Copied("checkout/inventory-timeout.verified.json")));

        Assert.Throws<AttributionException>(() => corpus.Verify(Checkout));
    }

    [Fact]
    public void The_accept_variable_writes_the_verified_file_and_passes()
    {
        using var corpus = new Corpus();
        var verified = corpus.Source("checkout/inventory-timeout.verified.json");
        File.Delete(verified);

        corpus.Verify(Checkout, Corpus.Environment(("TRACEREGRESS_ACCEPT", "1")));

        Assert.True(File.Exists(verified));
        Assert.False(File.Exists(corpus.Source("checkout/inventory-timeout.received.json")));
        corpus.Verify(Checkout);
        Assert.Empty(corpus.TemporaryFiles());
    }

    [Fact]
    public void The_accept_variable_is_ignored_on_a_build_server()
    {
        using var corpus = new Corpus();
        var verified = corpus.Source("checkout/inventory-timeout.verified.json");
        File.Delete(verified);

        var failure = Assert.Throws<AttributionException>(() =>
            corpus.Verify(Checkout, Corpus.Environment(("TRACEREGRESS_ACCEPT", "1"), ("GITHUB_ACTIONS", "true"))));

        Assert.False(File.Exists(verified));
        Assert.True(File.Exists(corpus.Source("checkout/inventory-timeout.received.json")));
        Assert.Contains("Not accepted: TRACEREGRESS_ACCEPT is ignored on a build server (GITHUB_ACTIONS is set); set TRACEREGRESS_ACCEPT_ON_CI=1", failure.Message);
    }

    [Fact]
    public void A_build_server_accepts_only_when_told_so_explicitly()
    {
        using var corpus = new Corpus();
        var verified = corpus.Source("checkout/inventory-timeout.verified.json");
        File.Delete(verified);

        corpus.Verify(Checkout, Corpus.Environment(("TRACEREGRESS_ACCEPT", "1"), ("TF_BUILD", "True"), ("TRACEREGRESS_ACCEPT_ON_CI", "1")));

        Assert.True(File.Exists(verified));
    }

    [Fact]
    public void A_mismatch_writes_received_fails_with_a_diff_and_leaves_the_verified_file_untouched()
    {
        using var corpus = new Corpus();
        var verified = corpus.Source("checkout/inventory-timeout.verified.json");
        var edited = File.ReadAllText(verified)
            .Replace("checkout-agent.run/execute_tool inventory.lookup", "checkout-agent.run/gen_ai.chat[2]")
            .Replace("\"Timeout Issues\"", "\"Goal Deviation\"");
        File.WriteAllText(verified, edited);
        var before = File.ReadAllBytes(verified);

        var failure = Assert.Throws<AttributionException>(() => corpus.Verify(Checkout));

        Assert.Equal(before, File.ReadAllBytes(verified));
        var received = corpus.Source("checkout/inventory-timeout.received.json");
        Assert.True(File.Exists(received));
        var message = failure.Message;
        Assert.Contains("traces/checkout/inventory-timeout.json: the attribution does not match the verified one", message);
        Assert.Contains("expected span:      checkout-agent.run/gen_ai.chat[2] (id a100000000000004)", message);
        Assert.Contains("actual span:        checkout-agent.run/execute_tool inventory.lookup (id a100000000000003)", message);
        Assert.Contains("expected category:  Goal Deviation (l4)", message);
        Assert.Contains("actual category:    environment › System Execution Errors › Resource Management › Timeout Issues", message);
        Assert.Contains("◀ expected", message);
        Assert.Contains("◀ actual", message);
        Assert.Contains("Evidence (shown, not compared):", message);
        Assert.Contains("\"deadline exceeded after 30000 ms\"", message);
        Assert.Contains("To accept it: traceregress accept", message);
    }

    [Fact]
    public void Accepting_a_mismatch_replaces_the_verified_file()
    {
        using var corpus = new Corpus();
        var verified = corpus.Source("checkout/inventory-timeout.verified.json");
        var original = File.ReadAllText(verified);
        File.WriteAllText(verified, original.Replace("\"Timeout Issues\"", "\"Goal Deviation\""));

        corpus.Verify(Checkout, Corpus.Environment(("TRACEREGRESS_ACCEPT", "true")));

        Assert.Equal(original, File.ReadAllText(verified));
        Assert.False(File.Exists(corpus.Source("checkout/inventory-timeout.received.json")));
    }

    [Fact]
    public void Evidence_confidence_and_chain_are_shown_but_never_compared()
    {
        using var corpus = new Corpus();
        var verified = corpus.Source("checkout/inventory-timeout.verified.json");
        File.WriteAllText(verified, File.ReadAllText(verified)
            .Replace("deadline exceeded after 30000 ms", "something else entirely")
            .Replace("\"confidence\": 0.8", "\"confidence\": 0.1")
            .Replace("\"a100000000000001\"", "\"ffffffffffffffff\""));

        corpus.Verify(Checkout);
    }

    [Fact]
    public void A_verified_file_with_only_coarse_levels_compares_only_those()
    {
        using var corpus = new Corpus();
        corpus.Verify("search/docs-not-found.json");

        var verified = corpus.Source("search/docs-not-found.verified.json");
        File.WriteAllText(verified, File.ReadAllText(verified).Replace("\"environment\"", "\"agent\""));
        var failure = Assert.Throws<AttributionException>(() => corpus.Verify("search/docs-not-found.json"));
        Assert.Contains("expected category:  l1 agent, l2 System Execution Errors", failure.Message);
    }

    [Fact]
    public void An_id_selector_in_the_verified_file_pins_the_span_id()
    {
        using var corpus = new Corpus();
        corpus.Verify("billing/rate-limited.json");

        var verified = corpus.Source("billing/rate-limited.verified.json");
        File.WriteAllText(verified, File.ReadAllText(verified).Replace("\"path\": \"id:c300000000000002\"", "\"path\": \"id:c300000000000003\""));
        var failure = Assert.Throws<AttributionException>(() => corpus.Verify("billing/rate-limited.json"));
        Assert.Contains("expected span:      id:c300000000000003 → billing-agent.run/gen_ai.chat[2] (id c300000000000003)", failure.Message);
        Assert.Contains("actual span:        billing-agent.run/gen_ai.chat[1] (id c300000000000002)", failure.Message);
    }

    [Fact]
    public void A_suffix_selector_in_the_verified_file_names_the_span_by_path()
    {
        using var corpus = new Corpus();
        var verified = corpus.Source("checkout/inventory-timeout.verified.json");
        File.WriteAllText(verified, File.ReadAllText(verified)
            .Replace("\"path\": \"checkout-agent.run/execute_tool inventory.lookup\"", "\"path\": \"execute_tool inventory.lookup\""));

        corpus.Verify(Checkout);
    }

    [Fact]
    public void A_verified_no_failure_passes_for_a_clean_trace_and_fails_for_a_failing_one()
    {
        using var corpus = new Corpus();
        corpus.Verify("research/five-hop.json");

        File.Copy(corpus.Source("research/five-hop.verified.json"), corpus.Source("checkout/inventory-timeout.verified.json"), overwrite: true);
        var failure = Assert.Throws<AttributionException>(() => corpus.Verify(Checkout));
        Assert.Contains("expected no failure, but the engine cites checkout-agent.run/execute_tool inventory.lookup", failure.Message);
    }

    [Fact]
    public void An_unreadable_verified_file_fails_with_its_position_and_writes_received()
    {
        using var corpus = new Corpus();
        var verified = corpus.Source("checkout/inventory-timeout.verified.json");
        File.WriteAllText(verified, "{\n  \"cited\": {\n    \"path\": \"x\",\n  \"category\": \n");

        var failure = Assert.Throws<AttributionException>(() => corpus.Verify(Checkout));

        Assert.Contains("the verified attribution cannot be read", failure.Message);
        Assert.Contains($"{verified}(", failure.Message);
        Assert.True(File.Exists(corpus.Source("checkout/inventory-timeout.received.json")));
    }

    [Fact]
    public void Without_the_copy_in_the_output_the_trace_is_read_from_the_source_folder()
    {
        using var corpus = new Corpus(copyToOutput: false);
        corpus.Verify(Checkout);
    }

    [Fact]
    public void Without_the_source_folder_received_files_go_beside_the_copy_and_the_message_says_where()
    {
        using var corpus = new Corpus();
        File.Delete(corpus.Copied("checkout/inventory-timeout.verified.json"));
        Directory.Delete(corpus.SourceDirectory, recursive: true);

        var failure = Assert.Throws<AttributionException>(() => corpus.Verify(Checkout));

        Assert.True(File.Exists(corpus.Copied("checkout/inventory-timeout.received.json")));
        Assert.Contains($"Wrote {corpus.Copied("checkout/inventory-timeout.received.json")}", failure.Message);
    }

    [Fact]
    public void A_trace_found_nowhere_names_both_places()
    {
        using var corpus = new Corpus();
        var failure = Assert.Throws<FileNotFoundException>(() => corpus.Verify("checkout/missing.json"));
        Assert.Contains(corpus.Copied("checkout/missing.json"), failure.Message);
        Assert.Contains(corpus.Source("checkout/missing.json"), failure.Message);
    }

    [Fact]
    public void Written_files_are_complete_and_no_temporary_file_is_left()
    {
        using var corpus = new Corpus();
        foreach (var file in Directory.EnumerateFiles(corpus.SourceDirectory, "*.verified.json", SearchOption.AllDirectories).ToArray())
        {
            File.Delete(file);
        }

        foreach (var trace in new[] { Checkout, "research/five-hop.json", "search/docs-not-found.json", "billing/rate-limited.json" })
        {
            Assert.Throws<AttributionException>(() => corpus.Verify(trace));
            corpus.Verify(trace, Corpus.Environment(("TRACEREGRESS_ACCEPT", "1")));
        }

        Assert.Empty(corpus.TemporaryFiles());
        foreach (var file in Directory.EnumerateFiles(corpus.SourceDirectory, "*.verified.json", SearchOption.AllDirectories))
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(file));
            Assert.EndsWith("}\n", text);
            VerifiedAttribution.Load(file);
        }
    }
}

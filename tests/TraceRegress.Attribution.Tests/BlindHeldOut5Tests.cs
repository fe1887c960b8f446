namespace TraceRegress.AttributionTests;

/// <summary>
/// A fifth blind measurement: twelve failing single-agent runs over ten export shapes (Spring AI over Jaeger among
/// them), labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who had
/// read neither the engine nor its documentation. Five carry an error signal (a 429 inside a 200 payload, a decimal
/// written the German way that a .NET tool could not read, a registrar's throttling after repeated checks, a sandbox
/// without an Excel reader, a key without refund rights); seven carry none.
/// <para>
/// Measured before any rule changed for them: span right 7/12, span and category 3/12. After two changes on principle
/// (Spring AI's <c>tool_call</c> observations are tool executions, so a tool's result is no longer judged as an
/// agent's words; a tool that failed reading its arguments into its parameters' types, "could not be converted to
/// System.Int64", had malformed arguments from the model): span 9/12, span and category 5/12. Then an action the answer
/// says it took ("I've also texted Marcus Hale") that only a declared tool it never called could take is a Tool-related
/// hallucination: span 9/12, span and category 6/12. Then a count a call asks a tool for above a cap its instructions
/// set ("at most 6 monthly instalments", <c>"instalments": 12</c>) breaks them: span 9/12, span and category 7/12. Then
/// identical calls are cited from the first that asked again what the first had answered, not from the third: span 10/12,
/// span and category 8/12. The misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut5Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind5";

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "langfuse-openai-irrigation-advice-after-probe-quota-429-in-200.json", null },
        { "otlp-dotnet-sk-sales-workbook-unreadable-in-sandbox-without-excel-reader.json", null },
        { "zipkin-meai-duplicate-charge-refund-blocked-by-restricted-api-key.json", null },
        { "jaeger-springai-leasing-assistant-invents-dog-policy.json", null },
        { "otlp-dotnet-agentframework-supplier-payment-amount-passed-as-german-decimal-string.json", null },
        { "flat-fleet-desk-says-driver-was-texted-without-sending-sms.json", null },
        { "jaeger-openllmetry-domain-registration-throttled-after-repeated-availability-checks.json", null },
        { "langsmith-langgraph-water-arrears-plan-exceeds-six-instalment-limit.json", null },
        { "openinference-llamaindex-prerequisite-check-searches-cs4150-for-cs4510.json", "OpenAIAgent.chat/QueryEngineTool.call/RetrieverQueryEngine.query/VectorIndexRetriever.retrieve | Poor Information Retrieval: the right leaf; the course number changed in the query is read at the retrieval that returned the wrong course, not at the model call that wrote the query" },
        { "otlp-dotnet-meai-rental-extension-keeps-porto-dropoff-after-lisbon-agreed.json", "orchestrate_tools/chat gpt-4o[3] | Tool Output Misinterpretation: a drop-off city agreed in an earlier turn is no value the rules carry across turns into a tool's arguments; the fallback names the answering call" },
        { "otlp-js-openllmetry-gas-estimate-prices-cubic-metres-as-kwh.json", "gas_bill_estimate.workflow/openai.chat[2] | Language-only hallucination: the right call; a meter's cubic metres priced per kWh are figures no upstream arithmetic gives, so they read as invented, not as a misread unit" },
        { "otlp-python-openai-v2-concert-set-time-converted-with-standard-time-offset.jsonl", "invoke_agent TicketAssistant/chat gpt-4o-mini[3] | Language-only hallucination: the right call; a clock time shifted by the wrong UTC offset is no fact the rules trace, and the answer's other figures read as invented" },
    };

    // ---- the rules changed for this measurement, each with the case where it must not fire ----

    [Fact]
    public void Spring_ais_tool_call_observations_are_tool_executions()
    {
        const string file = "jaeger-springai-leasing-assistant-invents-dog-policy.json";
        var trace = Fixture.Load(Folder, file);
        var view = GenAi.TraceView.Of(trace);
        var tool = view[trace.Select("http post \\/api\\/assistant\\/messages/spring_ai chat_client/tool_call getListing")];
        Assert.True(tool.IsToolExecution);
        Assert.Equal("getListing", tool.ToolName);
        Assert.DoesNotContain(AttributionEngine.Default.Detect(trace), f => f.Span.Name.StartsWith("tool_call ", StringComparison.Ordinal) && f.Detector == "unsupported-fact");
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Contains("50 lb", a.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tool_that_could_not_read_its_arguments_into_its_types_had_malformed_arguments_from_the_model()
    {
        const string file = "otlp-dotnet-agentframework-supplier-payment-amount-passed-as-german-decimal-string.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("malformed-tool-arguments", "invoke_agent PayablesAgent/chat gpt-4.1[2]", "Formatting Errors"), (a.Detector, a.Cited?.Path, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("could not be converted to System.Int64", StringComparison.Ordinal));

        // The tool failed for another reason (a bank that refused): that is the tool's failure.
        var refused = Fixture.Edited(Folder, file, ("The JSON value could not be converted to System.Int64. Path: $ | LineNumber: 0 | BytePositionInLine: 11.", "The bank refused the transfer: creditor account closed."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(refused), f => f.Detector == "malformed-tool-arguments");
    }

    [Fact]
    public void An_action_the_answer_says_it_took_with_the_tool_for_it_never_called_is_a_tool_related_hallucination()
    {
        const string file = "flat-fleet-desk-says-driver-was-texted-without-sending-sms.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains("send_sms", a.Summary, StringComparison.Ordinal);
        Assert.Contains(a.Evidence, e => e.Quote.Contains("I've also texted Marcus Hale", StringComparison.Ordinal));

        // Offering to text is no claim of having texted.
        var offered = Fixture.Edited(Folder, file, ("I've also texted Marcus Hale", "I can also text Marcus Hale"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(offered), f => f.Category.L4 == "Tool-related hallucination");

        // "SPN 5246" in the answer names the fault the record gives as "spn": 5246; "SPN 4364" names none.
        var named = Fixture.Edited(Folder, file, ("I've also texted Marcus Hale", "The fault is SPN 5246. I can also text Marcus Hale"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(named), f => f.Evidence.Any(e => e.Quote.Contains("SPN", StringComparison.Ordinal)));
        var other = Fixture.Edited(Folder, file, ("I've also texted Marcus Hale", "The fault is SPN 4364. I can also text Marcus Hale"));
        Assert.Contains(AttributionEngine.Default.Detect(other), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "SPN 4364"));
    }

    [Fact]
    public void A_count_a_call_asks_for_above_the_cap_its_instructions_set_breaks_them()
    {
        const string file = "langsmith-langgraph-water-arrears-plan-exceeds-six-instalment-limit.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("instruction-limit", "Instruction Non-compliance"), (a.Detector, a.Category!.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "at most 6 monthly instalments");

        // A cap the plan keeps, and an amount per instalment above it: neither breaks it.
        var within = Fixture.Edited(Folder, file, ("at most 6 monthly instalments", "at most 12 monthly instalments"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(within), f => f.Detector == "instruction-limit");
    }
}

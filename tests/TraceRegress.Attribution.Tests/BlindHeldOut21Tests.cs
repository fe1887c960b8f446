using TraceRegress.Engine.Detectors;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-first blind measurement: twelve failing single-agent runs in twelve export shapes and twelve TRAIL categories,
/// labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who had read
/// neither the engine nor its documentation. Eight carry no error signal; two carry a retried timeout or 502 that is not
/// the cause; in two a real error (a 429, a 401) is the cause.
/// <para>
/// Measured on arrival: span right 6/12, span and category 4/12. After changes on principle (each below, with a case
/// where it must not fire): span 12/12, span and category 12/12.
/// </para>
/// </summary>
public class BlindHeldOut21Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind21";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "r01_heating_oil_meai.json", null },
        { "r02_golf_teetimes_openllmetry.json", null },
        { "r03_blinds_vercel_ai.json", null },
        { "r04_hearing_aids_openai_v2.json", null },
        { "r05_office_plants_adk.json", null },
        { "r06_brewery_kegs_pydantic_collector.jsonl", null },
        { "r07_chimney_sweep_flat.json", null },
        { "r08_saas_seats_spring_jaeger.json", null },
        { "r09_riding_school_zipkin.json", null },
        { "r10_worktops_phoenix_llamaindex.json", null },
        { "r11_dance_studio_langfuse.json", null },
        { "r12_water_cooler_langsmith.json", null },
    };

    [Fact]
    public void A_volume_declared_in_gallons_that_the_service_books_as_litres_is_misdeclared_and_a_stated_rounding_is_grounded()
    {
        const string file = "r01_heating_oil_meai.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misdeclared-format", "Tool Definition Issues"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"quantity_litres\":238");
        // "900 L / 3.785 = 237.8 gal, rounded to 238".
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "238"));

        // The service gives the number back in gallons: read as declared.
        var gallons = Fixture.Edited(Folder, file, ("quantity_litres\\\":238", "quantity_gal\\\":238"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(gallons), f => f.Detector == MisdeclaredFormatDetector.DetectorId);
    }

    [Fact]
    public void A_count_the_user_gave_in_an_earlier_message_sent_as_another_is_lost_context()
    {
        const string file = "r02_golf_teetimes_openllmetry.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("changed-count", "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Equal(["9 holes", "\"holes\":18"], a.Evidence.Select(e => e.Quote));

        // The user asked for eighteen.
        var eighteen = Fixture.Edited(Folder, file, ("Only 9 holes this time though - my knee isn't up to 18 yet.", "18 holes as usual."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(eighteen), f => f.Detector == ChangedCountDetector.DetectorId);
        // "reduce us from 60 seats to 45" gives 45 too.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, "r08_saas_seats_spring_jaeger.json")), f => f.Detector == ChangedCountDetector.DetectorId);
    }

    [Fact]
    public void A_measure_sent_unconverted_under_a_name_in_another_unit_is_a_formatting_error()
    {
        const string file = "r03_blinds_vercel_ai.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unconverted-unit", "Formatting Errors"), (a.Detector, a.Category?.L4));
        Assert.Equal(["160 cm", "\"drop_mm\":160"], a.Evidence.Select(e => e.Quote));
        // "made_width_mm": 1445 restated as 144.5 cm is the same width, converted.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "144.5 cm"));

        // The user gave the drop in millimetres.
        var millimetres = Fixture.Edited(Folder, file, ("160 cm high", "160 mm high"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(millimetres), f => f.Detector == UnconvertedUnitDetector.DetectorId);
    }

    [Fact]
    public void A_change_made_while_the_user_held_every_change_back_breaks_their_instruction()
    {
        const string file = "r05_office_plants_adk.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("user-hold", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        // Google ADK's "execute_tool (merged)" span repeats the responses of calls made at once: it is no call of its own.
        var trace = Fixture.Load(Folder, file);
        Assert.DoesNotContain(AttributionEngine.Default.Detect(trace), f => f.Detector == "undeclared-tool");

        var free = Fixture.Edited(Folder, file, ("Please don't change anything yet - I need finance to sign it off first.", "Thanks."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(free), f => f.Detector == UserHoldDetector.DetectorId);
    }

    [Fact]
    public void Quantities_of_goods_are_an_order_and_an_invented_discount_is_cited_where_it_is_written()
    {
        var a = Fixture.Attribute(Folder, "r06_brewery_kegs_pydantic_collector.jsonl");
        Assert.Equal(("unsupported-fact", "POST \\/trade\\/chat/agent run/chat gpt-4o[4]"), (a.Detector, a.Cited?.Path));

        Assert.True(Requests.AsksAction("Need to get stocked up for the weekend: 4 x 50L Copperline Pale and 2 x 30L Ironbridge Stout please."));
        Assert.False(Requests.AsksAction("Would 4 x 50L kegs be enough for the weekend?"));
    }

    [Fact]
    public void A_phone_number_written_in_groups_and_a_search_windows_end_are_no_invented_facts()
    {
        var a = Fixture.Attribute(Folder, "r07_chimney_sweep_flat.json");
        Assert.Equal(("http-status", "Rate Limiting"), (a.Detector, a.Category?.L4));
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, "r07_chimney_sweep_flat.json"));
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote is "07700900417" or "2025-10-17"));
    }

    [Fact]
    public void A_tool_declared_for_the_action_asked_for_passed_over_for_others_is_the_wrong_tool()
    {
        const string file = "r09_riding_school_zipkin.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("passed-over-tool", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Move an existing booking", StringComparison.Ordinal));

        // The user asked to cancel: cancel_booking is what was asked for.
        var cancel = Fixture.Edited(Folder, file, ("can we move it to Saturday morning instead?", "can we cancel it please?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(cancel), f => f.Detector == PassedOverToolDetector.DetectorId);
    }

    [Fact]
    public void A_booking_claimed_as_a_headline_that_no_tool_made_is_a_tool_related_hallucination()
    {
        var a = Fixture.Attribute(Folder, "r12_water_cooler_langsmith.json");
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains("request_equipment_swap", a.Summary, StringComparison.Ordinal);
    }
}

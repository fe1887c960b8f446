using TraceRegress.Engine.Text;

namespace TraceRegress.AttributionTests;

/// <summary>
/// Booking references, confirmation codes and other mixed letter-and-digit codes are identifiers: by their shape
/// (upper case, letters and digits alternating, 5 to 10 characters) or by the label that introduces them. Words, model
/// names, units, dates, versions, hex ids and names with a version number are not.
/// </summary>
public class CodeFactTests
{
    [Theory]
    [InlineData("Your booking QX7R2P is confirmed.", "QX7R2P")]
    [InlineData("PNR: ABC12D", "ABC12D")]
    [InlineData("confirmation K9F2ZQ", "K9F2ZQ")]
    [InlineData("Your order A1B2C3 ships today.", "A1B2C3")]
    [InlineData("booking reference is qx7r2p", "qx7r2p")]
    [InlineData("{\"confirmation_code\":\"7HJ2KD\"}", "7HJ2KD")]
    [InlineData("{\"bookingRef\": \"ZK4PQ9\"}", "ZK4PQ9")]
    [InlineData("order no. 4F7C2E", "4F7C2E")]
    [InlineData("Ticket number: TK9X41M", "TK9X41M")]
    [InlineData("Reference (B7RR4X) was cancelled", "B7RR4X")]
    public void A_code_is_an_identifier(string text, string code)
    {
        var facts = Facts.Extract(text);
        Assert.Contains(facts, f => f.Kind == FactKind.Identifier && f.Written == code && f.Key == "i:" + code.ToUpperInvariant());
    }

    [Theory]
    [InlineData("Answered by gpt-4o and gpt4o-mini.")]
    [InlineData("The disk has 512GB; the file is 3.5GB, the video 1080P.")]
    [InlineData("On 2026-06-14T07:35:00Z we released v1.2.3 and 2.0.1-rc1.")]
    [InlineData("Span 3a5f8c2d9b1e4f7a, trace 7f2c9a4d, upper 3A5F8C2D, DEADBEEF1 and B2B2C.")]
    [InlineData("COVID19 cases, GPT4O and LLAMA3B.")]
    [InlineData("Q3FY2025 results and Q4FY1999 guidance.")]
    [InlineData("The 3rd of June at 10am, x86 and utf8, h264 video, sha256.")]
    [InlineData("id 96597319-8222-4dbc-8b1e-1dda244d936b and call_fR2u8QnY")]
    [InlineData("Contact me at ab12cd@example.com or see https://example.com/X9Y8Z7Q.")]
    public void Words_models_units_dates_versions_and_hex_are_not_codes(string text)
    {
        var facts = Facts.Extract(text);
        Assert.DoesNotContain(facts, f => f.Kind == FactKind.Identifier);
    }

    [Theory]
    [InlineData("Oslo made NOK 285,700 more; the fee is CHF 450.", "n:285700", "n:450")]
    public void An_amount_after_a_currency_code_is_a_number(string text, string first, string second)
    {
        var facts = Facts.Extract(text);
        Assert.DoesNotContain(facts, f => f.Kind == FactKind.Identifier);
        Assert.Contains(facts, f => f.Key == first);
        Assert.Contains(facts, f => f.Key == second);
    }

    [Theory]
    [InlineData("three of them exactly 20.0 °C: 9, 14 and 27 June", "14")]
    [InlineData("on June 9, 14 and 27 the pool was shut", "14")]
    [InlineData("closed 3rd & 10th March", "3")]
    public void A_day_in_a_list_of_days_of_a_month_is_part_of_a_date_not_a_figure(string text, string day) =>
        Assert.DoesNotContain(Facts.Extract(text), f => f.Kind == FactKind.Number && f.Written == day);

    [Theory]
    [InlineData("hire it from Fri 11 to Sun 13 July", "11")]
    [InlineData("the box is out 11-13 July", "11")]
    [InlineData("closed from 11th until 14th March", "11")]
    [InlineData("can you come on Saturday 14th?", "14")]
    [InlineData("see you Tues 23 at the yard", "23")]
    public void A_day_that_opens_a_range_of_days_or_follows_a_weekday_is_part_of_a_date(string text, string day) =>
        Assert.DoesNotContain(Facts.Extract(text), f => f.Kind == FactKind.Number && f.Written == day);

    [Theory]
    [InlineData("we need 11 to 13 boxes", "11")]
    [InlineData("the gates open Friday 12:30 sharp, 45 stalls", "45")]
    [InlineData("an 11-13 score on Sunday", "11")]
    public void A_count_in_a_range_or_beside_a_weekday_is_still_a_figure(string text, string figure) =>
        Assert.Contains(Facts.Extract(text), f => f.Kind == FactKind.Number && f.Written == figure);

    [Fact]
    public void A_count_beside_a_list_of_days_is_still_a_figure() =>
        Assert.Contains(Facts.Extract("Scores of 9, 14 and 27 points were given on 3 June."), f => f.Kind == FactKind.Number && f.Written == "14");

    [Fact]
    public void Flight_numbers_and_order_ids_are_still_read()
    {
        var facts = Facts.Extract("Flight LH 1166 and BA117, order ORD-88412, incident INC0012345, #A7731, FY2024.");
        var ids = facts.Where(f => f.Kind == FactKind.Identifier).Select(f => f.Written).ToList();
        Assert.Equal(["LH 1166", "BA117", "ORD-88412", "INC0012345", "#A7731"], ids);
        // A fiscal year written short is the year it names.
        Assert.Contains(facts, f => f is { Kind: FactKind.Number, Written: "FY2024", Value: 2024m, Reference: true });
    }
}

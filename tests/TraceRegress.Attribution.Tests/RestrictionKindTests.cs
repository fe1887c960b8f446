using System.Text.Json;
using TraceRegress.Engine.Text;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A restriction written as a kind of food ("allergic to shellfish", "gluten-free", "no red meat") is broken by an answer
/// or a record that names only a member of that kind ("garlic prawns", <c>"ingredients":["bread"]</c>), and not by a
/// stand-in ("oat milk", "gluten-free pasta"), a member the text leaves out ("I skipped the prawns") or one the sentence
/// that names the restriction discusses.
/// </summary>
public class RestrictionKindTests
{
    [Theory]
    [InlineData("I'm allergic to shellfish.", "Try the garlic prawns with chilli.", "prawns")]
    [InlineData("Everything has to be gluten-free for my sister.", "A classic sourdough bruschetta works well.", "sourdough")]
    [InlineData("No red meat, please.", "The braised beef cheeks are the highlight.", "beef")]
    [InlineData("We are dairy-free.", "Finish it with a knob of butter and parmesan.", "butter")]
    [InlineData("She has a tree nut allergy.", "Top the salad with toasted walnuts.", "walnuts")]
    [InlineData("No alcohol at the party.", "Serve the punch with a splash of rum.", "rum")]
    public void A_member_of_the_kind_breaks_it(string stated, string answer, string quote)
    {
        var r = Restrictions.Find(stated).First(x => x.Kind == RestrictionKind.Excludes);
        Assert.NotEmpty(Restrictions.Members(r));
        Assert.Equal(quote, Restrictions.BrokenIn(r, new Qualifiers.WordSet(answer), answer));
    }

    [Theory]
    [InlineData("I'm allergic to shellfish.", "I made it with chicken and chorizo and left out the prawns.")]
    [InlineData("I'm allergic to shellfish.", "Since you're allergic to shellfish, there are no prawns or mussels in it.")]
    [InlineData("I'm allergic to shellfish.", "The prawns are gone because of the shellfish allergy, and chicken takes their place.")]
    [InlineData("We are dairy-free.", "Use oat milk and a spoon of coconut cream.")]
    [InlineData("Everything has to be gluten-free for my sister.", "Serve it with gluten-free pasta or rice.")]
    [InlineData("No red meat, please.", "The roast chicken with lemon is the highlight.")]
    [InlineData("I'm allergic to shellfish.", "Squid ink risotto with peas.")]
    public void A_stand_in_a_member_left_out_or_another_kind_does_not(string stated, string answer)
    {
        var r = Restrictions.Find(stated).First(x => x.Kind == RestrictionKind.Excludes);
        Assert.Null(Restrictions.BrokenIn(r, new Qualifiers.WordSet(answer), answer));
    }

    [Fact]
    public void A_record_whose_list_names_a_member_breaks_it()
    {
        var r = Assert.Single(Restrictions.Find("I'm allergic to shellfish."));
        using var paella = JsonDocument.Parse("""{"name":"Paella mixta","ingredients":["bomba rice","chicken","king prawns","saffron"]}""");
        Assert.Equal("\"ingredients\":[\"bomba rice\",\"chicken\",\"king prawns\",\"saffron\"]", Restrictions.BrokenBy(r, paella.RootElement));
        using var risotto = JsonDocument.Parse("""{"name":"Mushroom risotto","ingredients":["arborio rice","porcini","parmesan"]}""");
        Assert.Null(Restrictions.BrokenBy(r, risotto.RootElement));
    }

    [Theory]
    [InlineData("No onions, please.")]
    [InlineData("No red-eye flights.")]
    [InlineData("My budget is $150 a night max.")]
    public void A_single_thing_or_an_amount_has_no_members(string stated)
    {
        Assert.All(Restrictions.Find(stated), r => Assert.Empty(Restrictions.Members(r)));
    }

    [Theory]
    [InlineData("Please can any refund go back on my card, not as Volta credit.", "credit", "Refund to the card, not as credit.", "Refunds go to wallet credit by default.")]
    [InlineData("Pay me by bank transfer, not in vouchers.", "vouchers", "Wants a bank transfer rather than vouchers.", "We usually refund in vouchers.")]
    public void A_form_ruled_out_is_restated_only_as_ruled_out(string stated, string term, string kept, string neutral)
    {
        var r = Assert.Single(Restrictions.Find(stated), x => x.Kind == RestrictionKind.Excludes && x.Written.StartsWith("not ", StringComparison.Ordinal));
        Assert.Equal([term], r.Terms);
        Assert.True(Restrictions.Holds(r, new Qualifiers.WordSet(kept), kept));
        // A text that names the form without ruling it out does not carry the restriction.
        Assert.False(Restrictions.Holds(r, new Qualifiers.WordSet(neutral), neutral));
    }
}

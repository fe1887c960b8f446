using TraceRegress.Testing;

// Declarations as the generator writes them, one per trace, in no particular order across source files.
[assembly: CorpusTrace("TraceRegress.Tests.Testing.CheckoutTraces", "checkout/b.json", 2)]
[assembly: CorpusTrace("TraceRegress.Tests.Testing.CheckoutTraces", "checkout/B.json", 1)]
[assembly: CorpusTrace("TraceRegress.Tests.Testing.CheckoutTraces", "checkout/a.json", 2)]
[assembly: CorpusTrace("TraceRegress.Tests.Testing.CheckoutTraces", "checkout/é.json", 3)]
[assembly: CorpusTrace("TraceRegress.Tests.Testing.SearchTraces", "search/z.json", 1)]

namespace TraceRegress.Tests.Testing;

/// <summary>A generated test class stands here: its rows are the declarations naming it.</summary>
internal sealed class CheckoutTraces;

/// <summary>Another class of the same assembly.</summary>
internal sealed class SearchTraces;

/// <summary>A class no trace names.</summary>
internal sealed class NoTraces;

public class CorpusTraceRowsTests
{
    [Fact]
    public void A_class_gets_the_traces_that_name_it_in_ordinal_order_of_their_path()
    {
        var rows = CorpusTraceRows.Of(typeof(CheckoutTraces));

        Assert.Equal(["checkout/B.json", "checkout/a.json", "checkout/b.json", "checkout/é.json"], rows.Select(r => r.RelativePath));
        Assert.Equal([1, 2, 2, 3], rows.Select(r => r.Shard));
        Assert.All(rows, r => Assert.Equal("TraceRegress.Tests.Testing.CheckoutTraces", r.TestClass));
        Assert.Equal("search/z.json", Assert.Single(CorpusTraceRows.Of(typeof(SearchTraces))).RelativePath);
    }

    [Fact]
    public void A_shard_gets_only_its_own_traces_of_the_class()
    {
        Assert.Equal(["checkout/a.json", "checkout/b.json"], CorpusTraceRows.Of(typeof(CheckoutTraces), 2).Select(r => r.RelativePath));
        Assert.Equal(["checkout/B.json"], CorpusTraceRows.Of(typeof(CheckoutTraces), 1).Select(r => r.RelativePath));
        Assert.Empty(CorpusTraceRows.Of(typeof(CheckoutTraces), 4));
        Assert.Empty(CorpusTraceRows.Of(typeof(SearchTraces), 2));
    }

    [Fact]
    public void A_class_no_trace_names_has_no_rows()
    {
        Assert.Empty(CorpusTraceRows.Of(typeof(NoTraces)));
        Assert.Empty(CorpusTraceRows.Of(typeof(string)));
    }

    [Fact]
    public void An_assemblys_declarations_are_read_once_and_shared_read_only()
    {
        var rows = CorpusTraceRows.Of(typeof(CheckoutTraces));

        Assert.Same(rows, CorpusTraceRows.Of(typeof(CheckoutTraces)));
        Assert.Throws<NotSupportedException>(() => ((IList<CorpusTraceAttribute>)rows)[0] = new CorpusTraceAttribute("X.Y", "z.json", 1));
    }

    [Fact]
    public void A_declaration_needs_a_class_a_path_and_a_shard_from_one()
    {
        Assert.Throws<ArgumentNullException>(() => CorpusTraceRows.Of(null!));
        Assert.Throws<ArgumentException>(() => new CorpusTraceAttribute("", "a.json", 1));
        Assert.Throws<ArgumentException>(() => new CorpusTraceAttribute("N.C", "", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CorpusTraceAttribute("N.C", "a.json", 0));
    }

    [Fact]
    public void The_attribute_is_for_assemblies_and_may_be_repeated()
    {
        var usage = Assert.Single(typeof(CorpusTraceAttribute).GetCustomAttributes(typeof(AttributeUsageAttribute), inherit: false).Cast<AttributeUsageAttribute>());

        Assert.Equal(AttributeTargets.Assembly, usage.ValidOn);
        Assert.True(usage.AllowMultiple);
    }
}

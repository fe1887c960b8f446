using TraceRegress.Model;

namespace TraceRegress.Tests.Model;

public class AttributeValueTests
{
    private static AttributeValue Map(params (string Key, AttributeValue Value)[] entries) =>
        AttributeValue.FromMap(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    [Fact]
    public void Arrays_and_maps_are_equal_item_by_item_with_equal_hashes()
    {
        var a = Map(("role", "tool"), ("parts", AttributeValue.FromArray([Map(("type", "text"), ("n", 3L))])));
        var b = Map(("role", "tool"), ("parts", AttributeValue.FromArray([Map(("type", "text"), ("n", 3L))])));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Kinds_keys_order_and_bytes_matter()
    {
        Assert.NotEqual(AttributeValue.FromArray([1L]), AttributeValue.FromArray([1.0]));
        Assert.NotEqual(AttributeValue.FromArray([double.NaN]), AttributeValue.FromArray(["NaN"]));
        Assert.NotEqual(Map(("a", 1L), ("b", 2L)), Map(("b", 2L), ("a", 1L)));
        Assert.NotEqual(Map(("a", 1L)), Map(("A", 1L)));
        Assert.NotEqual(AttributeValue.FromArray([1L, 2L]), AttributeValue.FromArray([1L]));
        Assert.Equal(AttributeValue.FromBytes([1, 2]), AttributeValue.FromBytes([1, 2]));
        Assert.NotEqual(AttributeValue.FromBytes([1, 2]), AttributeValue.FromBytes([1, 3]));
    }

    [Fact]
    public void Deep_nesting_compares_without_overflowing_the_stack()
    {
        AttributeValue Deep(string leaf)
        {
            var v = AttributeValue.FromString(leaf);
            for (var i = 0; i < 200_000; i++) v = AttributeValue.FromArray([v]);
            return v;
        }

        var a = Deep("x");
        Assert.Equal(a, Deep("x"));
        Assert.NotEqual(a, Deep("y"));
        Assert.Equal(a.GetHashCode(), Deep("x").GetHashCode());
    }
}

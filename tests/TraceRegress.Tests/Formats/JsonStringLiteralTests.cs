using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using TraceRegress.Formats;
using Xunit;

namespace TraceRegress.Tests.Formats;

public class JsonStringLiteralTests
{
    public static TheoryData<string> Strings() => new()
    {
        "",
        "plain",
        "city_name",
        "odd \"key\"",
        "back\\slash",
        "line\nbreak\ttab\r\u0001\u001f",
        "<script>&'</script>",
        "café naïve 東京",
        "emoji 😀 and a lone surrogate \ud800 end",
        "+1 (555) 010-0199",
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void A_literal_is_written_as_the_serializer_writes_it_and_reads_back(string value)
    {
        var literal = JsonStringLiteral.Of(value);

        Assert.Equal(JsonSerializer.Serialize(value), literal);
        Assert.Equal(JsonSerializer.Deserialize<string>(literal), JsonStringLiteral.Read(literal));
    }

    [Fact]
    public void Reading_something_other_than_a_string_literal_is_an_error()
    {
        Assert.Throws<JsonException>(() => JsonStringLiteral.Read("42"));
        Assert.ThrowsAny<JsonException>(() => JsonStringLiteral.Read("\"unterminated"));
    }

    /// <summary>
    /// The reflection-based serializer is off in trimmed and native AOT apps and in file-based <c>dotnet run app.cs</c>
    /// programs; a call to it from the engine failed a detector there ("Reflection-based serialization has been
    /// disabled"). The library itself never calls it.
    /// </summary>
    [Fact]
    public void The_library_never_calls_the_reflection_based_serializer()
    {
        var path = typeof(AgentTrace).Assembly.Location;
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        var calls = new List<string>();
        foreach (var handle in metadata.MemberReferences)
        {
            var member = metadata.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference) continue;
            var type = metadata.GetTypeReference((TypeReferenceHandle)member.Parent);
            if (metadata.GetString(type.Namespace) == "System.Text.Json" && metadata.GetString(type.Name) == "JsonSerializer")
                calls.Add(metadata.GetString(member.Name));
        }

        Assert.Empty(calls);
    }
}

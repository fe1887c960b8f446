using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceRegress.Redaction;

namespace TraceRegress.Tests.Redaction;

/// <summary>Decoding a JSON string literal gives the text it stands for, whatever the runs between escapes, and maps positions back.</summary>
public class JsonEscapesTests
{
    [Fact]
    public void Literals_decode_to_their_text_with_escapes_at_every_offset()
    {
        var random = new Random(7);
        string[] pieces = ["a", "bcdefgh", "0123456789abcdefXYZ", "\"", "\\", "\n", "\t", "/", "é", "中", "😀", "\u0001", "{\"k\":\"v\"}"];
        foreach (var escaper in (JavaScriptEncoder[])[JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping])
        {
            for (var i = 0; i < 2000; i++)
            {
                var text = new StringBuilder();
                var parts = random.Next(0, 20);
                for (var p = 0; p < parts; p++) text.Append(pieces[random.Next(pieces.Length)]);
                var literal = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(text.ToString(), new JsonSerializerOptions { Encoder = escaper }))[1..^1];
                var decoded = new byte[literal.Length];

                var length = JsonEscapes.Decode(literal, decoded);

                Assert.Equal(Encoding.UTF8.GetBytes(text.ToString()), decoded[..length]);
                var cursor = (0, 0);
                Assert.Equal(literal.Length, JsonEscapes.RawOffset(literal, length, ref cursor));
            }
        }
    }
}

using System;
using System.Text.Json;

namespace TraceRegress.Generators.Parsing;

/// <summary>
/// Checks a <c>&lt;trace&gt;.expected.json</c> sidecar: one JSON object whose <c>answer</c> is a non-empty
/// string (<c>{"answer": "736455"}</c>). Other properties are allowed and left to the test run.
/// </summary>
internal static class ExpectedAnswerValidator
{
    /// <summary>Validates <paramref name="utf8"/>; on failure, <see cref="ExpectedAnswerValidation.ErrorOffset"/> is the byte offset to point at.</summary>
    public static ExpectedAnswerValidation Validate(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = TraceValidator.MaxDepth, CommentHandling = JsonCommentHandling.Skip });
        long rootOffset = -1;
        var answerSeen = false;
        string? problem = null;
        long problemOffset = -1;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && rootOffset < 0)
                {
                    rootOffset = reader.TokenStartIndex;
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        (problem, problemOffset) = ("expected a JSON object with an \"answer\" string, found " + Describe(reader.TokenType), rootOffset);
                    }

                    continue;
                }

                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1 || !reader.ValueTextEquals("answer")) continue;
                answerSeen = true;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    if (problem is null) (problem, problemOffset) = ("\"answer\" must be a string, not " + Describe(reader.TokenType), reader.TokenStartIndex);
                }
                else if (string.IsNullOrWhiteSpace(reader.GetString()))
                {
                    if (problem is null) (problem, problemOffset) = ("\"answer\" is empty: write the expected final answer", reader.TokenStartIndex);
                }
            }
        }
        catch (JsonException e)
        {
            var offset = TraceValidator.OffsetOf(utf8, e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            return new ExpectedAnswerValidation(offset, "not valid JSON: " + TraceValidator.Reason(e));
        }

        if (rootOffset < 0) return new ExpectedAnswerValidation(0, "the file is empty: expected {\"answer\": \"...\"}");
        if (problem is not null) return new ExpectedAnswerValidation(problemOffset, problem);
        if (!answerSeen) return new ExpectedAnswerValidation(rootOffset, "expected an \"answer\" property with the expected final answer as a string");
        return new ExpectedAnswerValidation(-1, null);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}

/// <summary>The outcome of <see cref="ExpectedAnswerValidator.Validate"/>.</summary>
/// <param name="ErrorOffset">The byte offset of the problem, -1 when the file is good.</param>
/// <param name="Error">What is wrong, null when the file is good.</param>
internal sealed record ExpectedAnswerValidation(long ErrorOffset, string? Error);

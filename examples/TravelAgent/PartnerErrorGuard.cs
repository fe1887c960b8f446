using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace TravelAgent;

/// <summary>
/// The fix for "status codes lie": a partner answer whose payload holds an <c>error</c> is an error even when
/// the call succeeded. Transient ones are retried after a back-off; the rest fail the tool call, so the model
/// is told the tool failed instead of reading the error as data.
/// </summary>
internal sealed class PartnerErrorGuard(AIFunction inner, WayfarerOptions options) : DelegatingAIFunction(inner)
{
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
            if (PartnerError.Read(result) is not { } error) return result;
            if (!error.Transient || attempt >= options.MaxAttempts)
            {
                throw new PartnerException($"{Name} failed after {attempt} attempt(s): {error.Message}");
            }

            var wait = error.RetryAfter ?? TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1));
            await options.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>A partner call that failed for good; the tool call fails with it.</summary>
public sealed class PartnerException(string message) : Exception(message);

/// <summary>An error read from a partner payload.</summary>
internal sealed record PartnerError(string Message, bool Transient, TimeSpan? RetryAfter)
{
    public static PartnerError? Read(object? result)
    {
        JsonElement payload;
        switch (result)
        {
            case JsonElement element:
                payload = element;
                break;
            case string text when text.TrimStart().StartsWith('{'):
                try
                {
                    payload = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    return null;
                }

                break;
            default:
                return null;
        }

        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("error", out var error) || error.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.ToString() : error.ToString();
        var code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : (int?)null;
        TimeSpan? retryAfter = payload.TryGetProperty("retry_after_ms", out var r) && r.TryGetInt32(out var ms) ? TimeSpan.FromMilliseconds(ms) : null;
        var transient = code is 429 or 503 || retryAfter is not null;
        return new PartnerError(code is { } k ? string.Create(CultureInfo.InvariantCulture, $"{k} {message}") : message, transient, retryAfter);
    }
}

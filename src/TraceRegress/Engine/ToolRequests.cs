using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>
/// An HTTP request or an RPC a tool made on its way to a result is part of that tool call: the call is the step the agent
/// took, and the span a reader of the trace looks at to fix it. A failure found on such a request (an HTTP or gRPC status,
/// an exception, a timeout) is therefore found on the nearest tool call above it, quoting the request. A request made
/// outside any tool call (to a model provider, by the application itself) stays where it is, and so does a request retried
/// with success inside the call (<see cref="RecoveredToolCalls"/>): the call got past it.
/// </summary>
internal static class ToolRequests
{
    /// <summary>The span a failure found on <paramref name="span"/> is cited on.</summary>
    public static Span CallOf(DetectionContext context, Span span)
    {
        var view = context.View;
        if (view[span].Operation != GenAiOperation.Other || span.Parent is null) return span;
        if (span.Attributes.GetString("http.request.method", "http.method", "url.full", "http.url", "rpc.system") is null || context.Recovered[span.Index] is not null) return span;
        for (var p = span.Parent; p is not null; p = p.Parent)
        {
            var operation = view[p].Operation;
            if (operation == GenAiOperation.ExecuteTool) return p;
            if (operation != GenAiOperation.Other) return span;
        }

        return span;
    }
}

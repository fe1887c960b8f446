using System.Text;

namespace TraceRegress.Tests.Tree;

/// <summary>
/// Paths leave out what changes in every recording of the same run: an agent's instance id in its span name, and
/// GUIDs a framework writes into names.
/// </summary>
public class PathNameTests
{
    private static AgentTrace Flat(params (string Id, string? Parent, string Name, string? AgentId)[] spans)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < spans.Length; i++)
        {
            var (id, parent, name, agentId) = spans[i];
            if (i > 0) json.Append(',');
            var parentId = parent is null ? "null" : $"\"{parent}\"";
            var attributes = agentId is null ? "{}" : $"{{\"gen_ai.agent.id\":\"{agentId}\"}}";
            json.Append($$"""{"traceId":"t1","spanId":"{{id}}","parentSpanId":{{parentId}},"operationName":"{{name}}","startTime":"2026-01-01T00:00:0{{i}}Z","duration":5,"status":{"code":"OK"},"attributes":{{attributes}}}""");
        }

        return AgentTrace.Parse(Encoding.UTF8.GetBytes(json.Append(']').ToString()), "paths.json");
    }

    [Theory]
    [InlineData("invoke_agent analyst(a8605b3ef41f453e933c039ae3d1bb3e)", "a8605b3ef41f453e933c039ae3d1bb3e", "invoke_agent analyst")]
    [InlineData("invoke_agent analyst (agent-7)", "agent-7", "invoke_agent analyst")]
    // Only an id in parentheses is an instance id: an agent without a name is named by its id, which then stays.
    [InlineData("invoke_agent agent-7", "agent-7", "invoke_agent agent-7")]
    [InlineData("invoke_agent analyst(other)", "agent-7", "invoke_agent analyst(other)")]
    [InlineData("invoke_agent analyst", "analyst", "invoke_agent analyst")]
    [InlineData("analyst", "analyst", "analyst")]
    [InlineData("(x)", "x", "(x)")]
    public void The_agent_id_the_span_records_is_left_out_of_its_path(string name, string agentId, string path)
    {
        Assert.Equal(path, Flat(("s1", null, name, agentId)).Spans[0].Path);
    }

    [Theory]
    [InlineData("execute_tool InvokePromptAsync_4f90010372ed475e8eda9dc57af14697", "execute_tool InvokePromptAsync_{id}")]
    [InlineData("run 3f2504e0-4f89-11d3-9a0c-0305e82c3301 step", "run {id} step")]
    [InlineData("a 4F90010372ED475E8EDA9DC57AF14697 b 4f90010372ed475e8eda9dc57af14698", "a {id} b {id}")]
    // Not a GUID: a commit hash (40 hex digits), 31 digits, hex inside a longer word.
    [InlineData("deploy 9fceb02d0ae598e95dc970b74767f19372d61af8", "deploy 9fceb02d0ae598e95dc970b74767f19372d61af8")]
    [InlineData("x 4f90010372ed475e8eda9dc57af1469", "x 4f90010372ed475e8eda9dc57af1469")]
    [InlineData("job4f90010372ed475e8eda9dc57af14697", "job4f90010372ed475e8eda9dc57af14697")]
    public void A_guid_in_a_name_reads_id_in_its_path(string name, string path)
    {
        var span = Flat(("s1", null, name, null)).Spans[0];

        Assert.Equal(path, span.Path);
        Assert.Equal(name, span.Name);
    }

    [Fact]
    public void An_id_that_is_the_agents_name_stays()
    {
        var trace = AgentTrace.Parse(Encoding.UTF8.GetBytes("""[{"traceId":"t1","spanId":"s1","operationName":"invoke_agent (writer)","startTime":"2026-01-01T00:00:00Z","duration":5,"status":{"code":"OK"},"attributes":{"gen_ai.agent.id":"writer","gen_ai.agent.name":"writer"}}]"""), "paths.json");

        Assert.Equal("invoke_agent (writer)", trace.Spans[0].Path);
    }

    [Fact]
    public void Sibling_agents_that_differ_only_by_instance_id_are_numbered()
    {
        var trace = Flat(("r", null, "workflow", null), ("a", "r", "invoke_agent writer(11aa)", "11aa"), ("b", "r", "invoke_agent writer(22bb)", "22bb"));

        Assert.Equal(["workflow", "workflow/invoke_agent writer[1]", "workflow/invoke_agent writer[2]"], trace.Spans.Select(s => s.Path));
        Assert.Equal("b", trace.Select("workflow/invoke_agent writer[2]").SpanId);
    }

    [Fact]
    public void A_selector_may_name_a_span_by_its_recorded_name()
    {
        var trace = Flat(("r", null, "invoke_agent lead(9c1e)", "9c1e"), ("c", "r", "chat gpt-4o", null));

        Assert.Equal("invoke_agent lead/chat gpt-4o", trace.Spans[1].Path);
        Assert.Equal("c", trace.Select("invoke_agent lead(9c1e)/chat gpt-4o").SpanId);
        Assert.Equal("c", trace.Select("invoke_agent lead/chat gpt-4o").SpanId);
        Assert.Equal("r", trace.Select("invoke_agent lead").SpanId);
    }
}

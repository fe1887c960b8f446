using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TraceRegress.Xunit.Tests;

/// <summary>
/// xUnit 2's test case for a row of a generated corpus theory: shown by the trace's path, and the same after the
/// round trip through serialization that Test Explorer makes when it runs a test case it listed earlier.
/// </summary>
public class CorpusTheoryTests
{
    private const string Trace = "billing/rate-limited.json";

    [Fact]
    public void A_row_is_shown_by_its_trace_and_survives_serialization()
    {
        var theory = typeof(CorpusTheoryTests).Assembly.GetTypes()
            .Where(t => t.Namespace == "TraceRegress.Xunit.Tests.Generated")
            .SelectMany(t => t.GetMethods())
            .First(m => m.GetCustomAttribute<CorpusTheoryAttribute>() is not null);
        var testCase = new CorpusTraceTestCase(new NullMessageSink(), TestMethodDisplay.ClassAndMethod, TestMethodDisplayOptions.None, TestMethodOf(theory), [Trace]);

        Assert.Equal(Trace, testCase.DisplayName);
        var copy = Assert.IsType<CorpusTraceTestCase>(SerializationHelper.Deserialize<IXunitTestCase>(SerializationHelper.Serialize(testCase)));
        Assert.Equal(Trace, copy.DisplayName);
        Assert.Equal(testCase.UniqueID, copy.UniqueID);
        Assert.Equal([Trace], copy.TestMethodArguments);
        Assert.Equal(testCase.Traits["Shard"], copy.Traits["Shard"]);
    }

    [Fact]
    public void The_theory_is_found_by_the_corpus_discoverer_of_the_adapter()
    {
        var discoverer = Assert.Single(typeof(CorpusTheoryAttribute).GetCustomAttributesData(), a => a.AttributeType == typeof(XunitTestCaseDiscovererAttribute));

        Assert.Equal([typeof(CorpusTheoryDiscoverer).FullName, typeof(CorpusTheoryDiscoverer).Assembly.GetName().Name], discoverer.ConstructorArguments.Select(a => a.Value));
        Assert.True(typeof(TheoryAttribute).IsAssignableFrom(typeof(CorpusTheoryAttribute)));
    }

    private static ITestMethod TestMethodOf(MethodInfo method)
    {
        var assembly = new TestAssembly(Reflector.Wrap(method.DeclaringType!.Assembly));
        var collection = new TestCollection(assembly, null, "corpus");
        return new TestMethod(new TestClass(collection, Reflector.Wrap(method.DeclaringType!)), Reflector.Wrap(method));
    }
}

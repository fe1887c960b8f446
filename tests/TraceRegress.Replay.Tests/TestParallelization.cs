// Activity sources and listeners are process-wide: a tracer provider one test builds sees the activities every other
// test running at the same moment starts from the same source (the sample agent's), so an exporter test could save
// another test's run. The tests of this assembly run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

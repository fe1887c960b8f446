// This project's own generated corpus rows run in this process, and the runner tests start child runs of the same
// project that break a trace on purpose and look for its received file beside the source trace; a passing row removes a
// stale received file. Running the test classes one after another keeps a passing row from removing the file a child
// run just wrote (the suite is short: most of its time is the child runs, which cannot overlap anyway).
[assembly: CollectionBehavior(DisableTestParallelization = true)]

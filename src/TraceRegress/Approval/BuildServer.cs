namespace TraceRegress.Approval;

/// <summary>
/// Tells whether the tests run on a build server, from the variables CI systems set. On a build
/// server nothing is accepted automatically, so a pipeline can never approve its own changes.
/// </summary>
public static class BuildServer
{
    // Variables whose presence marks a build server (a non-empty value is enough).
    private static readonly string[] Markers =
    [
        "GITHUB_ACTIONS",            // GitHub Actions
        "TF_BUILD",                  // Azure Pipelines
        "JENKINS_URL",               // Jenkins
        "TEAMCITY_VERSION",          // TeamCity
        "GITLAB_CI",                 // GitLab
        "APPVEYOR",                  // AppVeyor
        "TRAVIS",                    // Travis CI
        "CIRCLECI",                  // CircleCI
        "BUILDKITE",                 // Buildkite
        "BITBUCKET_BUILD_NUMBER",    // Bitbucket Pipelines
        "CODEBUILD_BUILD_ID",        // AWS CodeBuild
        "bamboo_buildKey",           // Bamboo
        "DRONE",                     // Drone
        "SEMAPHORE",                 // Semaphore
        "CI_NAME",                   // CodeShip and others
    ];

    /// <summary>The variable that marks a build server, or null when none is set.</summary>
    public static string? Detect(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);

        // The generic CI variable counts unless it says false: some tools export CI=false to opt out.
        var ci = variable("CI");
        if (!string.IsNullOrWhiteSpace(ci)
            && !string.Equals(ci.Trim(), "false", StringComparison.OrdinalIgnoreCase)
            && ci.Trim() != "0")
        {
            return "CI";
        }

        foreach (var marker in Markers)
        {
            if (!string.IsNullOrWhiteSpace(variable(marker))) return marker;
        }

        return null;
    }
}

namespace Crm.Host;

internal static class PhaseOverlay
{
    /// <summary>
    /// Adds <c>appsettings.{Phase}.json</c> when <c>Phase</c> is set (e.g. <c>--Phase Phase2</c> or the environment variable <c>Phase=Phase2</c>):
    /// a rollout phase is nothing but a set of module flags. Added last so the phase decides which modules run;
    /// environment variables and the command line are re-added after it so an operator can still override one flag.
    /// </summary>
    public static void AddPhaseOverlay(this ConfigurationManager configuration, IHostEnvironment environment)
    {
        var phase = configuration["Phase"];
        if (string.IsNullOrWhiteSpace(phase))
        {
            return;
        }

        var file = Path.Combine(environment.ContentRootPath, $"appsettings.{phase}.json");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"Phase '{phase}' has no settings file: expected {file}.");
        }

        configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(Environment.GetCommandLineArgs().Skip(1).ToArray());
    }
}

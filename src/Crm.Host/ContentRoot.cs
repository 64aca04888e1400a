namespace Crm.Host;

internal static class ContentRoot
{
    /// <summary>
    /// The folder with appsettings.json: the working directory under <c>dotnet run</c>, otherwise the folder of the
    /// published binaries, so <c>dotnet /opt/crm/Crm.Host.dll migrate</c> works from any directory.
    /// </summary>
    public static string Find()
    {
        var current = Directory.GetCurrentDirectory();
        return File.Exists(Path.Combine(current, "appsettings.json")) ? current : AppContext.BaseDirectory;
    }
}

namespace Crm.Identity.Features.SignIn;

/// <summary>Where a sign-in may send the browser back to: only a path of this site, never another host (open redirect).</summary>
internal static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";

    /// <summary>The sign-in page with an error code, keeping the page the user wanted.</summary>
    public static string LoginPage(string error, string returnUrl) =>
        returnUrl == "/" ? $"/login?error={error}" : $"/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}

using Crm.TestKit;
using Microsoft.Playwright;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// The real host on a real port (Kestrel) plus Debian's Chromium driven by Playwright. Playwright cannot download
/// browsers here, so it is pointed at /usr/bin/chromium (installed by .ci/run); override with CRM_CHROMIUM.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public CrmApp App { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await App.CreateUserAsync(UserName, roles: [Crm.BuildingBlocks.Identity.CrmRoles.Sales]);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CRM_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // The machine has no network beyond localhost: background services would only produce refused connections.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A page in a fresh browser context signed in for real (cookie from POST /api/auth/login) as a sales person.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var response = await context.APIRequest.PostAsync(BaseUrl + "/api/auth/login", new() { DataObject = new { userName = UserName, password = CrmApp.TestPassword } });
        if (!response.Ok)
        {
            throw new InvalidOperationException($"Signing in as {UserName} failed: {response.Status} {await response.TextAsync()}");
        }

        return await context.NewPageAsync();
    }

    private const string UserName = "e2e.reader";

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        App.Dispose();
    }
}

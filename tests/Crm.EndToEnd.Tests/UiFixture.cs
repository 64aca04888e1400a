using System.Net;
using System.Net.Sockets;
using Crm.TestKit;
using Microsoft.Playwright;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// One real host (Kestrel, Accounts on, 320 demo accounts) and one headless Chromium for all web UI tests of a class;
/// each test opens its own browser context, so cookies and pages do not leak between tests.
/// </summary>
public class UiFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public UiFixture()
        : this(["Accounts"], new Dictionary<string, string?>())
    {
    }

    /// <summary>A host with other modules switched on and more settings (the demo data is always seeded).</summary>
    protected UiFixture(string[] enabledModules, Dictionary<string, string?> settings)
    {
        settings["Demo:Seed"] = "true";
        App = new CrmApp(enabledModules, settings);
    }

    public CrmApp App { get; }

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        App.UseKestrel(port);
        App.StartServer();
        BaseUrl = $"http://127.0.0.1:{port}";
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = DesignerFixture.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>The demo users' password (Demo:Seed): admin, sales.sh, implementer, process.owner, … (docs/security.md).</summary>
    public const string DemoPassword = "Demo#2026";

    /// <summary>
    /// A fresh context and page at 1280×800 (the target laptop size) or the given size, with its console errors collected,
    /// signed in as the demo user <paramref name="user"/> (null: anonymous).
    /// </summary>
    public async Task<UiPage> OpenAsync(string path, int width = 1280, int height = 800, string? user = "admin")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "Asia/Shanghai",
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        // Assertions wait as long as actions (their own default is 5 s): on a loaded 2-core machine a save and the next
        // page's render sometimes take longer, and a failing assertion only reports later, never passes wrongly.
        Assertions.SetDefaultExpectTimeout(15_000);
        if (user is not null)
        {
            // The sign-in API sets the same cookie as the sign-in form; the form itself has its own test.
            var signIn = await context.APIRequest.PostAsync(BaseUrl + "/api/auth/login", new() { DataObject = new { userName = user, password = DemoPassword } });
            Assert.True(signIn.Ok, $"Signing in as {user} failed: {signIn.Status} {await signIn.TextAsync()}");
        }

        var page = await context.NewPageAsync();
        var ui = new UiPage(page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ui.Errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => ui.Errors.Add(error);
        page.RequestFailed += (_, request) => ui.Errors.Add($"{request.Method} {request.Url} failed: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.Contains("/no-such-page", StringComparison.Ordinal))
            {
                ui.Errors.Add($"{response.Request.Method} {response.Url} answered {response.Status}");
            }
        };
        await page.GotoAsync(BaseUrl + path);
        return ui;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        App.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A page plus what went wrong in it.</summary>
public sealed class UiPage(IPage page)
{
    public IPage Page { get; } = page;

    public List<string> Errors { get; } = [];

    /// <summary>Waits until the Blazor circuit is up, so clicks reach .NET (prerendered HTML looks alike but is inert).</summary>
    public async Task WaitInteractiveAsync()
    {
        try
        {
            await Page.Locator(".crm-page[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The page did not become interactive. Browser errors:{Environment.NewLine}{string.Join(Environment.NewLine, Errors)}", ex);
        }
    }

    /// <summary>
    /// Chooses a file in the UI kit's CSV import. Blazor's file input hooks its change event only after its first
    /// render, and a file chosen earlier is silently ignored; the kit marks the input <c>data-ready</c> once the
    /// hook-up has finished (Crm.Web ReadyInputFile), so wait for that attribute.
    /// </summary>
    public async Task ChooseFileAsync(ILocator input, FilePayload file)
    {
        await Assertions.Expect(input).ToHaveAttributeAsync("data-ready", new System.Text.RegularExpressions.Regex(".*"));
        await input.SetInputFilesAsync(file);
    }

    /// <summary>Set CRM_E2E_SCREENSHOTS to a folder to see what the browser saw.</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true)
    {
        if (Environment.GetEnvironmentVariable("CRM_E2E_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = fullPage });
        }
    }

    public void AssertNoErrors()
    {
        Assert.True(Errors.Count == 0, "Browser errors:" + Environment.NewLine + string.Join(Environment.NewLine, Errors));
    }
}

/// <summary>A web UI test: needs Chromium only (the designer test also needs the designer package: BrowserFact).</summary>
public sealed class UiFactAttribute : FactAttribute
{
    public UiFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CRM_REQUIRE_BROWSER") != "1" && !File.Exists(DesignerFixture.Chromium))
        {
            Skip = $"No Chromium at {DesignerFixture.Chromium} (apt-get install -y chromium).";
        }
    }
}

/// <summary>A parametrised web UI test: needs Chromium only, like <see cref="UiFactAttribute"/>.</summary>
public sealed class UiTheoryAttribute : TheoryAttribute
{
    public UiTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("CRM_REQUIRE_BROWSER") != "1" && !File.Exists(DesignerFixture.Chromium))
        {
            Skip = $"No Chromium at {DesignerFixture.Chromium} (apt-get install -y chromium).";
        }
    }
}

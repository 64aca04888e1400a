using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Crm.BuildingBlocks.Identity;
using Crm.TestKit;
using Crm.Workflows;
using Crm.Workflows.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.EndToEnd.Tests;

/// <summary>
/// The real host on a Kestrel port (Chromium needs a socket, not the in-memory test server) with the activities of this
/// assembly in the toolbox, and one headless Chromium: Debian's <c>/usr/bin/chromium</c>, since no browser can be
/// downloaded here.
/// </summary>
public sealed class DesignerFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public CrmApp App { get; } = new(enabledModules: [], services: s =>
        s.AddActivityDescriptors(() => Crm.Workflows.Descriptors.SdkActivityDescriber.DescribeAll(typeof(DesignerFixture).Assembly, "EndToEnd")));

    public string BaseUrl { get; private set; } = "";

    public HttpClient Api { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The process owner the browser signs in as (password <see cref="CrmApp.TestPassword"/>).</summary>
    public const string ProcessOwnerName = "e2e.process.owner";

    /// <summary>
    /// A browser context signed in as the process owner: the sign-in cookie comes from POST /api/auth/login made
    /// through the context's own request API, so every page and every designer call in it carries that cookie.
    /// </summary>
    public async Task<IBrowserContext> SignedInContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options);
        var response = await context.APIRequest.PostAsync(BaseUrl + "/api/auth/login", new() { DataObject = new { userName = ProcessOwnerName, password = CrmApp.TestPassword } });
        if (!response.Ok)
        {
            throw new InvalidOperationException($"Signing in as {ProcessOwnerName} failed: {response.Status} {await response.TextAsync()}");
        }

        return context;
    }

    public async Task InitializeAsync()
    {
        var port = FreePort();
        App.UseKestrel(port);
        App.StartServer();
        BaseUrl = $"http://127.0.0.1:{port}";

        // Test plumbing (definitions saved and read behind the browser's back) acts as the test administrator; the
        // browser itself signs in for real as a process owner (SignInAsync).
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) }.ActAs(TestAuthentication.AdministratorId, CrmRoles.Administrator);
        await App.CreateUserAsync(ProcessOwnerName, roles: [CrmRoles.ProcessOwner], displayName: "E2E Process Owner");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        App.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when Chromium and the designer's npm package are both there.</summary>
    public static string? WhyNotRunnable()
    {
        if (!File.Exists(Chromium))
        {
            return $"No Chromium at {Chromium} (apt-get install -y chromium).";
        }

        var source = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "CrmDesignerSourceDirectory")?.Value;
        return source is not null && Directory.Exists(Path.Combine(source, "node_modules", "@elsa-workflows", "elsa-studio-wasm", "_framework"))
            ? null
            : "The designer npm package is not installed (the host's build runs npm ci).";
    }
}

/// <summary>A browser test: skipped where Chromium or the designer package is missing.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        // CI sets CRM_REQUIRE_BROWSER=1: there a missing browser or package must fail the run, not skip quietly.
        if (Environment.GetEnvironmentVariable("CRM_REQUIRE_BROWSER") != "1")
        {
            Skip = DesignerFixture.WhyNotRunnable();
        }
    }
}

[Activity("Tests", "RequestApproval", Category = "CRM Approvals", DisplayName = "Request approval", Kind = ActivityKind.Task,
    Description = "Asks a CRM user to approve or reject the current record.")]
[Outcome("Approved")]
[Outcome("Rejected")]
internal sealed class RequestApprovalActivity : IActivity
{
    [Input(IsRequired = true, Description = "User name or e-mail of the approver")]
    public string? Approver { get; set; }

    [Input(Order = 1, Options = ["E-mail|email", "SMS|sms"])]
    public string? Channel { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete("Approved"));
}

[Activity("Test", "SendNotification", Category = "Test activities", DisplayName = "Send test notification")]
internal sealed class SendNotificationActivity : IActivity
{
    [Input(IsRequired = true)]
    public string? Recipient { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete());
}

using Crm.Host;
using Crm.TestKit;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>
/// Development builds the container with validation, so a service that cannot be constructed stops `dotnet run`
/// (a validator taking a settings value instead of its options did). The test hosts do not validate; this one does,
/// with every module on.
/// </summary>
public sealed class ServiceValidationTests
{
    [Fact]
    public void Every_service_of_every_module_can_be_constructed_as_Development_checks_it()
    {
        using var app = new CrmApp(enabledModules: ModuleCatalog.All.Select(m => m.Name), validateServices: true);

        // Building the host validates every registration; an unresolvable one throws here.
        Assert.NotNull(app.Services);
    }
}

using System.Globalization;
using System.Resources;
using Crm.BuildingBlocks.Identity;
using Crm.Identity.Pages;
using Xunit;

namespace Crm.Identity.Tests;

/// <summary>The user pages show roles by name from IdentityText.resx: every role needs one.</summary>
public sealed class IdentityTextTests
{
    [Fact]
    public void Every_role_has_a_display_name()
    {
        var texts = new ResourceManager(typeof(IdentityText).FullName!, typeof(IdentityText).Assembly);

        var missing = CrmRoles.All.Where(r => texts.GetString("Role_" + r, CultureInfo.InvariantCulture) is null).ToList();

        Assert.True(missing.Count == 0, "Missing in IdentityText.resx: " + string.Join(", ", missing));
    }
}

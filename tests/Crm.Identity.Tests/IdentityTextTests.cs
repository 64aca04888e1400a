using System.Globalization;
using System.Resources;
using Crm.BuildingBlocks.Identity;
using Crm.Identity.Pages;
using Xunit;

namespace Crm.Identity.Tests;

/// <summary>The user and role pages show roles and policies by name from IdentityText.resx: every one needs a text.</summary>
public sealed class IdentityTextTests
{
    [Fact]
    public void Every_role_has_a_display_name()
    {
        var texts = new ResourceManager(typeof(IdentityText).FullName!, typeof(IdentityText).Assembly);

        var missing = CrmRoles.All.Where(r => texts.GetString("Role_" + r, CultureInfo.InvariantCulture) is null).ToList();

        Assert.True(missing.Count == 0, "Missing in IdentityText.resx: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_policy_and_role_description_has_a_text_for_the_roles_page()
    {
        var texts = new ResourceManager(typeof(IdentityText).FullName!, typeof(IdentityText).Assembly);

        var missing = CrmPolicies.Roles.Keys.Select(p => "Policy_" + p).Concat(CrmRoles.All.Select(r => "RoleDescription_" + r))
            .Where(key => texts.GetString(key, CultureInfo.InvariantCulture) is null)
            .ToList();

        Assert.True(missing.Count == 0, "Missing in IdentityText.resx: " + string.Join(", ", missing));
    }
}

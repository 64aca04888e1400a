using System.Globalization;
using System.Resources;
using Crm.Accounts.Domain;
using Crm.Accounts.Pages;
using Xunit;

namespace Crm.Accounts.Tests.Pages;

/// <summary>The pages show enum values by name from AccountsText.resx (AccountsDisplay.Name): every value needs one.</summary>
public sealed class AccountsTextTests
{
    private static readonly ResourceManager Texts = new(typeof(AccountsText).FullName!, typeof(AccountsText).Assembly);

    public static TheoryData<Type> ShownEnums => new(
        typeof(LifecycleStage), typeof(AccountKind), typeof(AccountType), typeof(PartnerType), typeof(CreditStatus), typeof(InteractionChannel));

    [Theory]
    [MemberData(nameof(ShownEnums))]
    public void Every_value_of_a_shown_enum_has_a_display_name(Type enumType)
    {
        var missing = Enum.GetNames(enumType).Select(v => $"{enumType.Name}_{v}").Where(k => Texts.GetString(k, CultureInfo.InvariantCulture) is null).ToList();

        Assert.True(missing.Count == 0, "Missing in AccountsText.resx: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_duplicate_key_the_finder_reports_has_a_display_name()
    {
        foreach (var matchedOn in new[] { "taxId", "email", "phone" })
        {
            Assert.NotNull(Texts.GetString("DuplicateOn_" + matchedOn, CultureInfo.InvariantCulture));
        }
    }
}

using Crm.Accounts.Domain;
using Crm.Accounts.PublicApi.IntegrationEvents;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Records;

namespace Crm.Accounts.Tests.Domain;

public sealed class AccountTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);

    internal static AccountDetails Details(
        string name = "Acme Trading",
        AccountType type = AccountType.Customer,
        PartnerType? partnerType = null,
        string? email = "sales@acme.example",
        string? phone = "+86 21 5555 0100",
        string? taxId = "91310000MA1FL0001X") =>
        new(name, AccountKind.Company, type, partnerType, "Website", "Retail", taxId, email, phone, null, "Shanghai", null, null,
            null, 10_000m, CreditStatus.Normal, ["golden", " Golden ", "export"], "CNY");

    private static Account NewAccount(LifecycleStage stage = LifecycleStage.Potential) =>
        Account.Create(Details(), stage, Guid.NewGuid(), "alice", Now);

    [Fact]
    public void Create_starts_at_version_1_and_raises_account_created()
    {
        var account = NewAccount();

        Assert.Equal(1, account.Version);
        Assert.Equal(LifecycleStage.Potential, account.Stage);
        Assert.Equal(Now, account.StageChangedAtUtc);
        var created = Assert.IsType<AccountCreatedIntegrationEvent>(Assert.Single(account.DequeueIntegrationEvents()));
        Assert.Equal(account.Id, created.AccountId);
        Assert.Equal("Potential", created.Stage);
        Assert.Empty(account.DequeueIntegrationEvents());
    }

    [Fact]
    public void Create_normalises_keys_and_deduplicates_tags()
    {
        var account = NewAccount();

        Assert.Equal("sales@acme.example", account.EmailNormalized);
        Assert.Equal("862155550100", account.PhoneNormalized);
        Assert.Equal("91310000MA1FL0001X", account.TaxIdNormalized);
        Assert.Equal(["export", "golden"], account.Tags);
    }

    [Fact]
    public void Partner_without_partner_type_is_refused()
    {
        var ex = Assert.Throws<BusinessRuleException>(() =>
            Account.Create(Details(type: AccountType.Partner), LifecycleStage.ToIdentify, null, "alice", Now));
        Assert.Equal("partnerType", ex.Field);
    }

    [Fact]
    public void Customer_drops_a_partner_type()
    {
        var account = Account.Create(Details(partnerType: PartnerType.Agent), LifecycleStage.ToIdentify, null, "alice", Now);
        Assert.Null(account.PartnerType);
    }

    [Fact]
    public void ChangeStage_records_the_change_with_its_date_and_raises_an_event()
    {
        var account = NewAccount();
        account.DequeueIntegrationEvents();
        var later = Now.AddDays(3);

        var change = account.ChangeStage(LifecycleStage.Opportunity, null, "bob", later);

        Assert.Equal(LifecycleStage.Potential, change.FromStage);
        Assert.Equal(LifecycleStage.Opportunity, change.ToStage);
        Assert.Equal(later, change.ChangedAtUtc);
        Assert.Equal(later, account.StageChangedAtUtc);
        Assert.Equal(2, account.Version);
        var raised = Assert.IsType<AccountStageChangedIntegrationEvent>(Assert.Single(account.DequeueIntegrationEvents()));
        Assert.Equal(("Potential", "Opportunity", "bob"), (raised.FromStage, raised.ToStage, raised.ChangedBy));
    }

    [Fact]
    public void ChangeStage_to_the_same_stage_is_refused()
    {
        var account = NewAccount();
        Assert.Throws<BusinessRuleException>(() => account.ChangeStage(LifecycleStage.Potential, null, "bob", Now));
    }

    [Fact]
    public void Lost_needs_a_reason()
    {
        var account = NewAccount();
        var ex = Assert.Throws<BusinessRuleException>(() => account.ChangeStage(LifecycleStage.Lost, "  ", "bob", Now));
        Assert.Equal("reason", ex.Field);
        Assert.Equal(LifecycleStage.Potential, account.Stage);
    }

    [Theory]
    [InlineData(nameof(LifecycleStage.Opportunity), false)]
    [InlineData(nameof(LifecycleStage.OrderingCustomer), false)]
    [InlineData(nameof(LifecycleStage.User), false)]
    [InlineData(nameof(LifecycleStage.Potential), true)]
    [InlineData(nameof(LifecycleStage.ToIdentify), true)]
    public void A_lost_account_is_reactivated_only_at_the_start_of_the_funnel(string targetName, bool allowed)
    {
        var target = Enum.Parse<LifecycleStage>(targetName);
        var account = NewAccount();
        account.ChangeStage(LifecycleStage.Lost, "Chose a competitor", "bob", Now);

        var act = () => account.ChangeStage(target, null, "bob", Now.AddDays(1));

        if (allowed)
        {
            act();
            Assert.Equal(target, account.Stage);
        }
        else
        {
            Assert.Throws<BusinessRuleException>(act);
            Assert.Equal(LifecycleStage.Lost, account.Stage);
        }
    }

    [Fact]
    public void ChangeOwner_to_the_same_owner_changes_nothing()
    {
        var account = NewAccount();
        account.DequeueIntegrationEvents();

        Assert.False(account.ChangeOwner(account.OwnerId, null, "bob", Now));
        Assert.Equal(1, account.Version);
        Assert.Empty(account.DequeueIntegrationEvents());
    }

    [Fact]
    public void ChangeOwner_raises_owner_changed_with_both_owners()
    {
        var account = NewAccount();
        account.DequeueIntegrationEvents();
        var previous = account.OwnerId;
        var next = Guid.NewGuid();

        Assert.True(account.ChangeOwner(next, "Leaver", "manager", Now));

        var raised = Assert.IsType<AccountOwnerChangedIntegrationEvent>(Assert.Single(account.DequeueIntegrationEvents()));
        Assert.Equal((previous, next, "Leaver"), (raised.FromOwnerId, raised.ToOwnerId, raised.Reason));
    }

    [Fact]
    public void An_archived_account_refuses_changes_until_restored()
    {
        var account = NewAccount();
        account.Archive("bob", Now);

        Assert.True(account.IsArchived);
        Assert.Throws<BusinessRuleException>(() => account.UpdateDetails(Details(name: "Renamed"), "bob", Now));
        Assert.Throws<BusinessRuleException>(() => account.ChangeStage(LifecycleStage.User, null, "bob", Now));
        Assert.Throws<BusinessRuleException>(() => account.Archive("bob", Now));

        account.Restore("bob", Now);
        account.UpdateDetails(Details(name: "Renamed"), "bob", Now);
        Assert.Equal("Renamed", account.Name);
    }

    [Fact]
    public void Contacts_feed_the_search_text_and_only_one_is_primary()
    {
        var account = NewAccount();
        var first = account.AddContact(new ContactDetails("王芳", "CEO", "wang@acme.example", "138 0000 1111", true), "bob", Now);
        var second = account.AddContact(new ContactDetails("Li Lei", null, null, null, true), "bob", Now);

        Assert.False(first.IsPrimary);
        Assert.True(second.IsPrimary);
        Assert.Contains("王芳", account.SearchText);
        Assert.Contains("13800001111", account.SearchText);
        Assert.Contains("li lei", account.SearchText);

        account.RemoveContact(first.Id, "bob", Now);
        Assert.DoesNotContain("王芳", account.SearchText);
        Assert.Throws<NotFoundException>(() => account.RemoveContact(first.Id, "bob", Now));
    }

    [Fact]
    public void LogInteraction_moves_last_contact_only_forwards()
    {
        var account = NewAccount();
        account.LogInteraction(null, InteractionChannel.Visit, "Site visit", Now.AddDays(-1), null, "bob", Now);
        account.LogInteraction(null, InteractionChannel.Telephone, "Older call logged late", Now.AddDays(-10), null, "bob", Now);

        Assert.Equal(Now.AddDays(-1), account.LastContactAtUtc);
    }

    [Fact]
    public void LogInteraction_in_the_future_is_refused()
    {
        var account = NewAccount();
        Assert.Throws<BusinessRuleException>(() =>
            account.LogInteraction(null, InteractionChannel.Email, "Not yet", Now.AddDays(1), null, "bob", Now));
    }

    [Theory]
    [InlineData("+86 (21) 5555-0100", "862155550100")]
    [InlineData("  ", null)]
    [InlineData("n/a", null)]
    public void Phone_normalisation_keeps_digits(string input, string? expected) =>
        Assert.Equal(expected, Normalize.Phone(input));

    [Theory]
    [InlineData(" Sales@ACME.example ", "sales@acme.example")]
    [InlineData("", null)]
    public void Email_normalisation_lowercases_and_trims(string input, string? expected) =>
        Assert.Equal(expected, Normalize.Email(input));

    [Theory]
    [InlineData("9131-0000 ma1fl0001x", "91310000MA1FL0001X")]
    [InlineData("--", null)]
    public void Tax_id_normalisation_keeps_letters_and_digits(string input, string? expected) =>
        Assert.Equal(expected, Normalize.TaxId(input));
}

namespace Crm.Accounts.Domain;

internal enum AccountKind
{
    Company,
    Person,
}

/// <summary>Whether the account buys from us or sells for us.</summary>
internal enum AccountType
{
    Customer,
    Partner,
}

internal enum PartnerType
{
    Distributor,
    Agent,
    Reseller,
}

/// <summary>The customer lifecycle of the source documents: identify, nurture, push the sale, care — or lost.</summary>
internal enum LifecycleStage
{
    ToIdentify,
    Potential,
    Opportunity,
    OrderingCustomer,
    User,
    Lost,
}

/// <summary>
/// How the customer first reached us: a code of the editable <c>source-channel</c> dictionary (ADR 0125), shared with
/// the Funnel module's leads through the dictionary, not through an enum either module compiles against.
/// </summary>
internal static class AccountSources
{
    /// <summary>What an account created without a source gets: the salesperson found it.</summary>
    public const string Default = "OwnDevelopment";
}

internal enum CreditStatus
{
    Normal,
    Good,
    Warning,
    Blocked,
}

internal enum InteractionChannel
{
    Telephone,
    Email,
    Sms,
    Visit,
    Meeting,
    Message,
    Other,
}

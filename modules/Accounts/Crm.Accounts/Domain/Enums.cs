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

/// <summary>How the customer first reached us.</summary>
internal enum AccountSource
{
    Telephone,
    Fax,
    Email,
    Sms,
    Visit,
    Media,
    Website,
    Event,
    Referral,
    OwnDevelopment,
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

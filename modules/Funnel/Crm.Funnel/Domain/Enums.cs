namespace Crm.Funnel.Domain;

internal enum CampaignType
{
    TradeShow,
    Seminar,
    Webinar,
    Email,
    Advertising,
    Telemarketing,
    SocialMedia,
    Other,
}

internal enum CampaignStatus
{
    Planned,
    Active,
    Completed,
    Cancelled,
}

internal enum ParticipantType
{
    Customer,
    Prospect,
    Partner,
    Employee,
    Speaker,
    Other,
}

/// <summary>How the lead entered the CRM.</summary>
internal enum LeadCapture
{
    Manual,
    Import,
    WebForm,
    Campaign,
}

internal enum LeadStatus
{
    New,
    Working,
    Qualified,
    Converted,
    Disqualified,
}

internal enum FollowUpChannel
{
    Telephone,
    Email,
    Sms,
    Visit,
    Meeting,
    Message,
    Other,
}

/// <summary>What a follow-up entry belongs to.</summary>
internal enum FollowUpSubject
{
    Lead,
    Opportunity,
}

/// <summary>A pipeline stage is worked on (Open) or closes the opportunity (Won, Lost).</summary>
internal enum StageKind
{
    Open,
    Won,
    Lost,
}

internal enum OpportunityStatus
{
    Open,
    Won,
    Lost,
}

internal enum QuoteStatus
{
    Draft,
    PendingApproval,
    Approved,
    Rejected,
    Sent,
    Accepted,
    Declined,
    Superseded,
}

/// <summary>How a lead got its owner.</summary>
internal enum AssignmentStrategy
{
    RoundRobin,
    LeastLoaded,
    Rule,
    Queue,
    Manual,
}

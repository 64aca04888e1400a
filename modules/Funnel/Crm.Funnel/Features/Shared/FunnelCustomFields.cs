namespace Crm.Funnel.Features.Shared;

/// <summary>The entity types of Funnel's records in the custom-field kit (ADR 0121).</summary>
internal static class FunnelCustomFields
{
    public const string Lead = "lead";

    public const string Opportunity = "opportunity";
}

namespace Crm.BrokenSamples.Domain;

/// <summary>Broken: a copy of the Accounts module's credit status, kept in step by hand instead of shared as a dictionary.</summary>
internal enum PaymentStanding
{
    Normal,
    Good,
    Warning,
    Blocked,
}

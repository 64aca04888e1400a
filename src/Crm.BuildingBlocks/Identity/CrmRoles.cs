namespace Crm.BuildingBlocks.Identity;

/// <summary>The roles every deployment has. Names are stable identifiers, not display text.</summary>
public static class CrmRoles
{
    public const string Administrator = "Administrator";
    public const string ProcessOwner = "ProcessOwner";
    public const string Implementer = "Implementer";
    public const string Sales = "Sales";
    public const string Service = "Service";
    public const string BranchManager = "BranchManager";
    public const string Executive = "Executive";

    public static IReadOnlyList<string> All { get; } =
        [Administrator, ProcessOwner, Implementer, Sales, Service, BranchManager, Executive];
}

namespace Crm.BuildingBlocks.PublicApi;

/// <summary>
/// The organisation as the platform asks about it: which unit a person belongs to, which units lie below a unit, who a
/// person reports to. Record visibility, the unit a new record lands in and (later) routing resolve through this one
/// interface. The Branches module answers from its unit tree; without it the building blocks answer from the staff
/// profiles, where the company is one level of units (a person's branch) and reports-to is the profile's manager (ADR 0100).
/// </summary>
public interface IOrganisation
{
    /// <summary>The primary unit of <paramref name="personId"/> on <paramref name="date"/>, or null when they belong to none.</summary>
    Task<Guid?> UnitOfAsync(Guid personId, DateOnly date, CancellationToken cancellationToken = default);

    /// <summary><paramref name="unitId"/> and every unit below it, at any depth (just the unit when nothing is below).</summary>
    Task<IReadOnlyList<Guid>> SubtreeAsync(Guid unitId, CancellationToken cancellationToken = default);

    /// <summary>Who <paramref name="personId"/> reports to on <paramref name="date"/>, then who that person reports to, up to the top; empty at the top.</summary>
    Task<IReadOnlyList<Guid>> ManagerChainAsync(Guid personId, DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>Everyone who reports to <paramref name="personId"/> on <paramref name="date"/>, directly or through others.</summary>
    Task<IReadOnlyList<Guid>> ReportsOfAsync(Guid personId, DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>
    /// Who answers for <paramref name="unitId"/>: its manager, or, when it has none, the manager of the nearest unit above
    /// it; null when no unit up to the top has one.
    /// </summary>
    Task<Guid?> ManagerOfUnitAsync(Guid unitId, CancellationToken cancellationToken = default);

    /// <summary>The people whose primary unit on <paramref name="date"/> is <paramref name="unitId"/> (not the units below it).</summary>
    Task<IReadOnlyList<Guid>> MembersOfAsync(Guid unitId, DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>
    /// The named units people can be placed in, parents before children, for pickers (a user's unit is chosen by name,
    /// never typed as an id). Empty without the Branches module: the staff profiles' branches have no names.
    /// </summary>
    Task<IReadOnlyList<OrganisationUnit>> UnitsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A named unit of the organisation; <see cref="Depth"/> is 0 at the top.</summary>
public sealed record OrganisationUnit(Guid Id, Guid? ParentId, string Name, int Depth);

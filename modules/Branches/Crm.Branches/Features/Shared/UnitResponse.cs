using Crm.BuildingBlocks.Records;
using Crm.Branches.Domain;
using Crm.Branches.PublicApi;

namespace Crm.Branches.Features.Shared;

internal sealed record UnitResponse(Guid Id, Guid? ParentId, string Name, string Code, Guid? ManagerId, string TimeZone, int Depth, long Version) : IVersioned
{
    public static UnitResponse From(OrgUnit u) => new(u.Id, u.ParentId, u.Name, u.Code, u.ManagerId, u.TimeZone, u.Depth, u.Version);

    /// <summary>The public shape, for page components (which are public and so cannot take this internal record).</summary>
    public UnitSummary ToSummary() => new(Id, ParentId, Name, Code, ManagerId, TimeZone, Depth);
}

internal sealed record MembershipResponse(Guid Id, Guid PersonId, Guid UnitId, DateOnly From, DateOnly? To, bool IsPrimary)
{
    public static MembershipResponse Of(Membership m) => new(m.Id, m.PersonId, m.UnitId, m.From, m.To, m.IsPrimary);
}

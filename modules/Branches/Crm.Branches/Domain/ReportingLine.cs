namespace Crm.Branches.Domain;

/// <summary>
/// An explicit "reports to" for one person, overriding the default (the manager of their unit, or of the next unit up
/// when they lead their own). Used for dotted lines such as an assistant reporting to a director of another unit.
/// </summary>
internal sealed class ReportingLine
{
    private ReportingLine()
    {
    }

    public Guid PersonId { get; private set; }

    public Guid ManagerId { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    public string UpdatedBy { get; private set; } = "";

    public static ReportingLine Create(Guid personId, Guid managerId, string by, DateTime nowUtc) =>
        new() { PersonId = personId, ManagerId = managerId, UpdatedBy = by, UpdatedAtUtc = nowUtc };

    public void Change(Guid managerId, string by, DateTime nowUtc)
    {
        ManagerId = managerId;
        UpdatedBy = by;
        UpdatedAtUtc = nowUtc;
    }
}

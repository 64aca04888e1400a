using Crm.BuildingBlocks.Auditing;

namespace Crm.Workflows.Inbox.Domain;

/// <summary>
/// "From … to …, my tasks go to …": while it is active, new tasks assigned to <see cref="UserId"/> are routed to
/// <see cref="ProxyId"/>, who works them on the absent person's behalf. Tasks already in the inbox stay put unless the
/// rule was created with them (see the create-rule request). Creating, changing and deleting a rule is written to the
/// workflows database's audit log (who, when, values before and after), under the absent person.
/// </summary>
internal sealed class OutOfOfficeRule : IAuditable
{
    private OutOfOfficeRule()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Guid ProxyId { get; private set; }

    public DateTime FromUtc { get; private set; }

    public DateTime ToUtc { get; private set; }

    public string? Note { get; private set; }

    public Guid? CreatedById { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    Guid IAuditable.AuditSubjectId => UserId;

    public bool IsActiveAt(DateTime nowUtc) => FromUtc <= nowUtc && nowUtc < ToUtc;

    public static OutOfOfficeRule Create(Guid userId, Guid proxyId, DateTime fromUtc, DateTime toUtc, string? note, Guid? createdById, DateTime nowUtc, Guid? id = null) => new()
    {
        Id = id ?? Guid.NewGuid(),
        UserId = userId,
        ProxyId = proxyId,
        FromUtc = fromUtc,
        ToUtc = toUtc,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        CreatedById = createdById,
        CreatedAtUtc = nowUtc,
    };

    /// <summary>A leaver was somebody's proxy: the successor takes that over.</summary>
    public void ReplaceProxy(Guid successorId) => ProxyId = successorId;

    /// <summary>Ends an active rule now (a leaver's rules end with their transfer).</summary>
    public void EndAt(DateTime nowUtc)
    {
        if (ToUtc > nowUtc)
        {
            ToUtc = nowUtc < FromUtc ? FromUtc : nowUtc;
        }
    }
}

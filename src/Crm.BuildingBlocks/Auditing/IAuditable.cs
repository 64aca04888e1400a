namespace Crm.BuildingBlocks.Auditing;

/// <summary>
/// An entity whose every insert, update and delete is written to the module's audit log in the same transaction,
/// grouped under <see cref="AuditSubjectId"/> (a contact is audited under its account).
/// </summary>
public interface IAuditable
{
    Guid AuditSubjectId { get; }
}

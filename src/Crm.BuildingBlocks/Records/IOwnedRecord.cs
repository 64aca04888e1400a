namespace Crm.BuildingBlocks.Records;

/// <summary>
/// A record that belongs to a staff member and, through them, to a branch (ADR 0025): accounts, leads, opportunities,
/// campaigns and, later, contracts and cases. <see cref="OwnedRecordVisibility"/> filters every one of them the same way.
/// </summary>
public interface IOwnedRecord
{
    /// <summary>Whether a record nobody owns yet (a lead waiting in a queue) is visible to everyone in scope, so the
    /// queue's members can take it. Most records answer no: without an owner only head office sees them.</summary>
    static virtual bool UnownedVisibleToAll => false;

    Guid? OwnerId { get; }

    Guid? BranchId { get; }
}

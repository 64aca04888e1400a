using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Auditing;

namespace Crm.Funnel.Domain;

/// <summary>
/// A sales process: ordered open stages, each with the win probability used by the weighted forecast, then one Won and
/// one Lost stage. Each installation has a default pipeline; more can be configured (e.g. one per business line).
/// </summary>
internal sealed class Pipeline : IAuditable
{
    public const int MaxStages = 20;

    private readonly List<PipelineStage> _stages = [];

    private Pipeline()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public bool IsDefault { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    public string UpdatedBy { get; private set; } = "";

    public long Version { get; private set; }

    public IReadOnlyList<PipelineStage> Stages => _stages;

    Guid IAuditable.AuditSubjectId => Id;

    /// <summary>The default stages of a new installation (probabilities as most B2B sales teams start with).</summary>
    public static IReadOnlyList<StageDefinition> DefaultStages { get; } =
    [
        new(null, "Qualification", 10, StageKind.Open),
        new(null, "Needs analysis", 25, StageKind.Open),
        new(null, "Proposal", 50, StageKind.Open),
        new(null, "Negotiation", 75, StageKind.Open),
        new(null, "Won", 100, StageKind.Won),
        new(null, "Lost", 0, StageKind.Lost),
    ];

    public static Pipeline Create(string name, IReadOnlyList<StageDefinition> stages, bool isDefault, string by, DateTime nowUtc)
    {
        var pipeline = new Pipeline
        {
            Id = Guid.NewGuid(),
            Name = name.Trim(),
            IsDefault = isDefault,
            CreatedAtUtc = nowUtc,
            UpdatedAtUtc = nowUtc,
            UpdatedBy = by,
            Version = 1,
        };
        pipeline.ApplyStages(stages);
        return pipeline;
    }

    public IEnumerable<PipelineStage> OpenStages => _stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Order);

    public PipelineStage FirstOpenStage => OpenStages.First();

    public PipelineStage WonStage => _stages.Single(s => s.Kind == StageKind.Won);

    public PipelineStage LostStage => _stages.Single(s => s.Kind == StageKind.Lost);

    public PipelineStage Stage(Guid stageId) =>
        _stages.FirstOrDefault(s => s.Id == stageId)
        ?? throw new BusinessRuleException($"Stage {stageId} is not a stage of pipeline '{Name}'.", "stageId");

    public PipelineStage? FindStage(Guid stageId) => _stages.FirstOrDefault(s => s.Id == stageId);

    /// <summary>
    /// Replaces the stage list. Stages keep their identity by id (renamed, re-weighted, moved); stages without an id
    /// are new. Returns the ids of removed stages (the caller checks that no opportunity sits in them) and whether the
    /// order changed, which invalidates the conversion statistics.
    /// </summary>
    public (IReadOnlyList<Guid> Removed, bool OrderChanged) ReplaceStages(IReadOnlyList<StageDefinition> stages, string by, DateTime nowUtc)
    {
        var before = _stages.OrderBy(s => s.Order).Select(s => s.Id).ToList();
        var removed = ApplyStages(stages);
        var after = _stages.OrderBy(s => s.Order).Select(s => s.Id).ToList();
        UpdatedAtUtc = nowUtc;
        UpdatedBy = by;
        Version++;
        return (removed, !before.Where(after.Contains).SequenceEqual(after.Where(before.Contains)) || after.Except(before).Any());
    }

    public void Rename(string name, string by, DateTime nowUtc)
    {
        Name = name.Trim();
        UpdatedAtUtc = nowUtc;
        UpdatedBy = by;
        Version++;
    }

    public void MakeDefault(bool isDefault) => IsDefault = isDefault;

    private List<Guid> ApplyStages(IReadOnlyList<StageDefinition> stages)
    {
        if (stages.Count(s => s.Kind == StageKind.Open) == 0)
        {
            throw new BusinessRuleException("A pipeline needs at least one open stage.", "stages");
        }

        if (stages.Count(s => s.Kind == StageKind.Won) != 1 || stages.Count(s => s.Kind == StageKind.Lost) != 1)
        {
            throw new BusinessRuleException("A pipeline has exactly one Won stage and one Lost stage.", "stages");
        }

        if (stages.Count > MaxStages)
        {
            throw new BusinessRuleException($"A pipeline has at most {MaxStages} stages.", "stages");
        }

        if (stages.GroupBy(s => s.Name.Trim(), StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            throw new BusinessRuleException("Stage names must be unique within a pipeline.", "stages");
        }

        var unknown = stages.Where(s => s.Id is { } id && _stages.All(x => x.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            throw new BusinessRuleException($"Stage {unknown[0].Id} is not a stage of this pipeline; leave the id empty for a new stage.", "stages");
        }

        var kept = new List<PipelineStage>();
        // Open stages in the given order, then Won, then Lost: the order is the funnel's order.
        var ordered = stages.Where(s => s.Kind == StageKind.Open)
            .Concat(stages.Where(s => s.Kind == StageKind.Won))
            .Concat(stages.Where(s => s.Kind == StageKind.Lost))
            .ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var definition = ordered[i];
            var probability = definition.Kind switch
            {
                StageKind.Won => 100,
                StageKind.Lost => 0,
                _ => definition.Probability,
            };
            if (probability is < 0 or > 100)
            {
                throw new BusinessRuleException("A stage's probability is between 0 and 100 percent.", "stages");
            }

            var existing = definition.Id is { } id ? _stages.Single(s => s.Id == id) : null;
            if (existing is not null && existing.Kind != definition.Kind)
            {
                throw new BusinessRuleException($"Stage '{existing.Name}' is a {existing.Kind} stage and cannot become a {definition.Kind} stage.", "stages");
            }

            var stage = existing ?? new PipelineStage { Id = Guid.NewGuid(), PipelineId = Id, Kind = definition.Kind };
            stage.Name = definition.Name.Trim();
            stage.Order = i + 1;
            stage.Probability = probability;
            kept.Add(stage);
        }

        var removed = _stages.Where(s => kept.All(k => k.Id != s.Id)).Select(s => s.Id).ToList();
        _stages.Clear();
        _stages.AddRange(kept);
        return removed;
    }
}

/// <summary>One step of a pipeline.</summary>
internal sealed class PipelineStage
{
    public Guid Id { get; init; }

    public Guid PipelineId { get; init; }

    public string Name { get; set; } = "";

    /// <summary>1-based position: open stages first, then Won, then Lost.</summary>
    public int Order { get; set; }

    /// <summary>Win probability in percent, used to weight the forecast (Won 100, Lost 0).</summary>
    public int Probability { get; set; }

    public StageKind Kind { get; init; }
}

/// <summary>A stage as an administrator configures it; <see cref="Id"/> null is a new stage.</summary>
internal sealed record StageDefinition(Guid? Id, string Name, int Probability, StageKind Kind);

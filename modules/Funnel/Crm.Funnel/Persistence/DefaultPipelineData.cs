using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Funnel.Persistence;

/// <summary>
/// The default pipeline every installation starts with (Qualification 10%, Needs analysis 25%, Proposal 50%,
/// Negotiation 75%, Won, Lost), inserted by the Initial migration of both providers, so it exists as soon as the schema
/// does: also when migrations run as a separate step, and without a start-up race between host nodes. Administrators
/// rename and re-weight it like any other pipeline.
/// </summary>
internal static class DefaultPipelineData
{
    public static readonly Guid PipelineId = Guid.Parse("f0000000-0000-4000-8000-000000000001");

    private static readonly (Guid Id, string Name, int Probability, string Kind)[] Stages =
    [
        (Guid.Parse("f0000000-0000-4000-8000-000000000011"), "Qualification", 10, "Open"),
        (Guid.Parse("f0000000-0000-4000-8000-000000000012"), "Needs analysis", 25, "Open"),
        (Guid.Parse("f0000000-0000-4000-8000-000000000013"), "Proposal", 50, "Open"),
        (Guid.Parse("f0000000-0000-4000-8000-000000000014"), "Negotiation", 75, "Open"),
        (Guid.Parse("f0000000-0000-4000-8000-000000000015"), "Won", 100, "Won"),
        (Guid.Parse("f0000000-0000-4000-8000-000000000016"), "Lost", 0, "Lost"),
    ];

    public static void Insert(MigrationBuilder migrationBuilder, string? schema)
    {
        var at = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
        migrationBuilder.InsertData(
            table: "Pipelines",
            schema: schema,
            columns: ["Id", "Name", "IsDefault", "CreatedAtUtc", "UpdatedAtUtc", "UpdatedBy", "Version"],
            values: [PipelineId, "Sales", true, at, at, "system", 1L]);
        var rows = new object[Stages.Length, 6];
        for (var i = 0; i < Stages.Length; i++)
        {
            rows[i, 0] = Stages[i].Id;
            rows[i, 1] = PipelineId;
            rows[i, 2] = Stages[i].Name;
            rows[i, 3] = i + 1;
            rows[i, 4] = Stages[i].Probability;
            rows[i, 5] = Stages[i].Kind;
        }

        migrationBuilder.InsertData(
            table: "PipelineStages",
            schema: schema,
            columns: ["Id", "PipelineId", "Name", "Order", "Probability", "Kind"],
            values: rows);
    }
}

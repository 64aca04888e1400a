using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Inbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HumanTaskHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OnBehalfOfId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Before = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    After = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanTaskHistory", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HumanTasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    WorkflowInstanceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    WorkflowDefinitionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProcessName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ActivityInstanceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BookmarkId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Module = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Link = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AssigneeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Delegation = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OnBehalfOfId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CandidateGroup = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CandidateRole = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CandidateBranchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DueSortUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClaimedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EscalatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OnOverdue = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Outcomes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    FormFields = table.Column<string>(type: "TEXT", nullable: true),
                    FormData = table.Column<string>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CompletedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    CompletedOnBehalfOfId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", nullable: true),
                    ApprovalStep = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanTasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutOfOfficeRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProxyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ToUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutOfOfficeRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TemplateImports",
                columns: table => new
                {
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TemplateImports", x => x.DefinitionId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HumanTaskHistory_ActorId_AtUtc",
                table: "HumanTaskHistory",
                columns: new[] { "ActorId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_HumanTaskHistory_TaskId_Id",
                table: "HumanTaskHistory",
                columns: new[] { "TaskId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_ActivityInstanceId",
                table: "HumanTasks",
                column: "ActivityInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_BookmarkId",
                table: "HumanTasks",
                column: "BookmarkId");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_Completed_By",
                table: "HumanTasks",
                columns: new[] { "CompletedById", "CompletedAtUtc", "Id" },
                filter: "[Status] = 'Completed'");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_Delegated_Owner",
                table: "HumanTasks",
                columns: new[] { "OwnerId", "DueSortUtc", "Priority", "CreatedAtUtc", "Module", "Id" },
                filter: "[Status] = 'Open' AND [Delegation] = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_Open_Assignee_Due",
                table: "HumanTasks",
                columns: new[] { "AssigneeId", "DueSortUtc", "Priority", "CreatedAtUtc", "Module", "Id" },
                filter: "[Status] = 'Open' AND [AssigneeId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_Unclaimed_Group_Due",
                table: "HumanTasks",
                columns: new[] { "CandidateGroup", "DueSortUtc", "Priority", "CreatedAtUtc", "Module", "Id", "AssigneeId" },
                filter: "[Status] = 'Open' AND [AssigneeId] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_WorkflowInstanceId",
                table: "HumanTasks",
                column: "WorkflowInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_OutOfOfficeRules_ProxyId",
                table: "OutOfOfficeRules",
                column: "ProxyId");

            migrationBuilder.CreateIndex(
                name: "IX_OutOfOfficeRules_UserId_ToUtc",
                table: "OutOfOfficeRules",
                columns: new[] { "UserId", "ToUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HumanTaskHistory");

            migrationBuilder.DropTable(
                name: "HumanTasks");

            migrationBuilder.DropTable(
                name: "OutOfOfficeRules");

            migrationBuilder.DropTable(
                name: "TemplateImports");
        }
    }
}

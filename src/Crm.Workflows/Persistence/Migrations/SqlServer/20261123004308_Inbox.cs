using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Workflows.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Inbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HumanTaskHistory",
                schema: "workflows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TaskId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Action = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    ActorId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    OnBehalfOfId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Before = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    After = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Comment = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanTaskHistory", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HumanTasks",
                schema: "workflows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    WorkflowInstanceId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    WorkflowDefinitionId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ProcessName = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    ActivityId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ActivityInstanceId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    BookmarkId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    Module = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Link = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Priority = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    AssigneeId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    OwnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Delegation = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    OnBehalfOfId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CandidateGroup = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    CandidateRole = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    CandidateBranchId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DueAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DueSortUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ClaimedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CompletedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    EscalatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    OnOverdue = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    Outcomes = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    FormFields = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    FormData = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Comment = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    CompletedById = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CompletedOnBehalfOfId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CancelReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Amount = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true),
                    ApprovalStep = table.Column<int>(type: "int", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanTasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutOfOfficeRules",
                schema: "workflows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UserId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ProxyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FromUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ToUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Note = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    CreatedById = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutOfOfficeRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TemplateImports",
                schema: "workflows",
                columns: table => new
                {
                    DefinitionId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TemplateImports", x => x.DefinitionId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HumanTaskHistory_ActorId_AtUtc",
                schema: "workflows",
                table: "HumanTaskHistory",
                columns: new[] { "ActorId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_HumanTaskHistory_TaskId_Id",
                schema: "workflows",
                table: "HumanTaskHistory",
                columns: new[] { "TaskId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_ActivityInstanceId",
                schema: "workflows",
                table: "HumanTasks",
                column: "ActivityInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_BookmarkId",
                schema: "workflows",
                table: "HumanTasks",
                column: "BookmarkId");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_Completed_By",
                schema: "workflows",
                table: "HumanTasks",
                columns: new[] { "CompletedById", "CompletedAtUtc", "Id" },
                filter: "[Status] = 'Completed'");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_Delegated_Owner",
                schema: "workflows",
                table: "HumanTasks",
                columns: new[] { "OwnerId", "DueSortUtc", "Priority", "CreatedAtUtc", "Module", "Id" },
                filter: "[Status] = 'Open' AND [Delegation] = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_Open_Assignee_Due",
                schema: "workflows",
                table: "HumanTasks",
                columns: new[] { "AssigneeId", "DueSortUtc", "Priority", "CreatedAtUtc", "Module", "Id" },
                filter: "[Status] = 'Open' AND [AssigneeId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_Unclaimed_Group_Due",
                schema: "workflows",
                table: "HumanTasks",
                columns: new[] { "CandidateGroup", "DueSortUtc", "Priority", "CreatedAtUtc", "Module", "Id", "AssigneeId" },
                filter: "[Status] = 'Open' AND [AssigneeId] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_HumanTasks_WorkflowInstanceId",
                schema: "workflows",
                table: "HumanTasks",
                column: "WorkflowInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_OutOfOfficeRules_ProxyId",
                schema: "workflows",
                table: "OutOfOfficeRules",
                column: "ProxyId");

            migrationBuilder.CreateIndex(
                name: "IX_OutOfOfficeRules_UserId_ToUtc",
                schema: "workflows",
                table: "OutOfOfficeRules",
                columns: new[] { "UserId", "ToUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HumanTaskHistory",
                schema: "workflows");

            migrationBuilder.DropTable(
                name: "HumanTasks",
                schema: "workflows");

            migrationBuilder.DropTable(
                name: "OutOfOfficeRules",
                schema: "workflows");

            migrationBuilder.DropTable(
                name: "TemplateImports",
                schema: "workflows");
        }
    }
}

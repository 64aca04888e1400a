using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Funnel.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddRecordCollaborators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecordCollaborators",
                schema: "funnel",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    RecordId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Access = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    EndsAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    AddedById = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    AddedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordCollaborators", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecordCollaborators_PersonId_EndsAtUtc",
                schema: "funnel",
                table: "RecordCollaborators",
                columns: new[] { "PersonId", "EndsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordCollaborators_RecordId_PersonId",
                schema: "funnel",
                table: "RecordCollaborators",
                columns: new[] { "RecordId", "PersonId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecordCollaborators",
                schema: "funnel");
        }
    }
}

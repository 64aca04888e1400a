using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Accounts.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddRecordCollaborators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecordCollaborators",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Access = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    EndsAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AddedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    AddedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordCollaborators", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecordCollaborators_PersonId_EndsAtUtc",
                table: "RecordCollaborators",
                columns: new[] { "PersonId", "EndsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordCollaborators_RecordId_PersonId",
                table: "RecordCollaborators",
                columns: new[] { "RecordId", "PersonId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecordCollaborators");
        }
    }
}

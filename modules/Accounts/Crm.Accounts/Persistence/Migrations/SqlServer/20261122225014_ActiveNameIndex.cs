using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Accounts.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ActiveNameIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Active_Name_Id",
                schema: "accounts",
                table: "Accounts",
                columns: new[] { "Name", "Id" },
                filter: "[ArchivedAtUtc] IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Accounts_Active_Name_Id",
                schema: "accounts",
                table: "Accounts");
        }
    }
}

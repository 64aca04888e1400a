using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Accounts.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddCustomerLevel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CustomerLevel",
                table: "Accounts",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_CustomerLevel_Name_Id",
                table: "Accounts",
                columns: new[] { "CustomerLevel", "Name", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Accounts_CustomerLevel_Name_Id",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "CustomerLevel",
                table: "Accounts");
        }
    }
}

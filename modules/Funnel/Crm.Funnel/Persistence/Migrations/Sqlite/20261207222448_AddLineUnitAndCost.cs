using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Funnel.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddLineUnitAndCost : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Unit",
                table: "QuoteLines",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UnitCost",
                table: "QuoteLines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Unit",
                table: "OpportunityLines",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UnitCost",
                table: "OpportunityLines",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Unit",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "UnitCost",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "Unit",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "UnitCost",
                table: "OpportunityLines");
        }
    }
}

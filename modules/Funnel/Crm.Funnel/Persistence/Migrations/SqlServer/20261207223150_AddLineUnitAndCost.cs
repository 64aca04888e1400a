using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Funnel.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddLineUnitAndCost : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Unit",
                schema: "funnel",
                table: "QuoteLines",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "UnitCost",
                schema: "funnel",
                table: "QuoteLines",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Unit",
                schema: "funnel",
                table: "OpportunityLines",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "UnitCost",
                schema: "funnel",
                table: "OpportunityLines",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Unit",
                schema: "funnel",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "UnitCost",
                schema: "funnel",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "Unit",
                schema: "funnel",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "UnitCost",
                schema: "funnel",
                table: "OpportunityLines");
        }
    }
}

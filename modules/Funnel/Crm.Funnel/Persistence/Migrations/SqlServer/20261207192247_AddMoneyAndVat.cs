using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Funnel.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddMoneyAndVat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Currency",
                schema: "funnel",
                table: "Quotes",
                type: "nchar(3)",
                fixedLength: true,
                maxLength: 3,
                nullable: false,
                defaultValue: "CNY");

            migrationBuilder.AddColumn<decimal>(
                name: "ExchangeRate",
                schema: "funnel",
                table: "Quotes",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 1m);

            migrationBuilder.AddColumn<decimal>(
                name: "GrossTotal",
                schema: "funnel",
                table: "Quotes",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "TaxTotal",
                schema: "funnel",
                table: "Quotes",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "GrossAmount",
                schema: "funnel",
                table: "QuoteLines",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "NetAmount",
                schema: "funnel",
                table: "QuoteLines",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<bool>(
                name: "PriceIncludesTax",
                schema: "funnel",
                table: "QuoteLines",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "TaxAmount",
                schema: "funnel",
                table: "QuoteLines",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "TaxRate",
                schema: "funnel",
                table: "QuoteLines",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "GrossAmount",
                schema: "funnel",
                table: "OpportunityLines",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "NetAmount",
                schema: "funnel",
                table: "OpportunityLines",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<bool>(
                name: "PriceIncludesTax",
                schema: "funnel",
                table: "OpportunityLines",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "TaxAmount",
                schema: "funnel",
                table: "OpportunityLines",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "TaxRate",
                schema: "funnel",
                table: "OpportunityLines",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "CompanyAmount",
                schema: "funnel",
                table: "Opportunities",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "Currency",
                schema: "funnel",
                table: "Opportunities",
                type: "nchar(3)",
                fixedLength: true,
                maxLength: 3,
                nullable: false,
                defaultValue: "CNY");

            migrationBuilder.AddColumn<decimal>(
                name: "ExchangeRate",
                schema: "funnel",
                table: "Opportunities",
                type: "decimal(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 1m);

            migrationBuilder.AddColumn<string>(
                name: "Currency",
                schema: "funnel",
                table: "Campaigns",
                type: "nchar(3)",
                fixedLength: true,
                maxLength: 3,
                nullable: false,
                defaultValue: "CNY");

            migrationBuilder.CreateTable(
                name: "ExchangeRates",
                schema: "funnel",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Currency = table.Column<string>(type: "nchar(3)", fixedLength: true, maxLength: 3, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    Rate = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false),
                    RecordedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExchangeRates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExchangeRates_Currency_ValidFrom",
                schema: "funnel",
                table: "ExchangeRates",
                columns: new[] { "Currency", "ValidFrom" },
                unique: true);

            // Rows from before: in CNY at rate 1 (the defaults above), untaxed lines whose net and gross are their total,
            // and opportunities worth their amount in the company currency (docs/adr/0090, 0093).
            migrationBuilder.Sql("UPDATE [funnel].[Opportunities] SET [CompanyAmount] = [Amount];");
            migrationBuilder.Sql("UPDATE [funnel].[OpportunityLines] SET [NetAmount] = [Total], [GrossAmount] = [Total];");
            migrationBuilder.Sql("UPDATE [funnel].[QuoteLines] SET [NetAmount] = [Total], [GrossAmount] = [Total];");
            migrationBuilder.Sql("UPDATE [funnel].[Quotes] SET [GrossTotal] = [Total];");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExchangeRates",
                schema: "funnel");

            migrationBuilder.DropColumn(
                name: "Currency",
                schema: "funnel",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "ExchangeRate",
                schema: "funnel",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "GrossTotal",
                schema: "funnel",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "TaxTotal",
                schema: "funnel",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "GrossAmount",
                schema: "funnel",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "NetAmount",
                schema: "funnel",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "PriceIncludesTax",
                schema: "funnel",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "TaxAmount",
                schema: "funnel",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "TaxRate",
                schema: "funnel",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "GrossAmount",
                schema: "funnel",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "NetAmount",
                schema: "funnel",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "PriceIncludesTax",
                schema: "funnel",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "TaxAmount",
                schema: "funnel",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "TaxRate",
                schema: "funnel",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "CompanyAmount",
                schema: "funnel",
                table: "Opportunities");

            migrationBuilder.DropColumn(
                name: "Currency",
                schema: "funnel",
                table: "Opportunities");

            migrationBuilder.DropColumn(
                name: "ExchangeRate",
                schema: "funnel",
                table: "Opportunities");

            migrationBuilder.DropColumn(
                name: "Currency",
                schema: "funnel",
                table: "Campaigns");
        }
    }
}

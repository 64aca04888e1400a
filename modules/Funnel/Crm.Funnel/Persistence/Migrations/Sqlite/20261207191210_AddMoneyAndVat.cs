using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Funnel.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddMoneyAndVat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Currency",
                table: "Quotes",
                type: "TEXT",
                fixedLength: true,
                maxLength: 3,
                nullable: false,
                defaultValue: "CNY");

            migrationBuilder.AddColumn<long>(
                name: "ExchangeRate",
                table: "Quotes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 10000L);

            migrationBuilder.AddColumn<long>(
                name: "GrossTotal",
                table: "Quotes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "TaxTotal",
                table: "Quotes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "GrossAmount",
                table: "QuoteLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "NetAmount",
                table: "QuoteLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "PriceIncludesTax",
                table: "QuoteLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "TaxAmount",
                table: "QuoteLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "TaxRate",
                table: "QuoteLines",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "GrossAmount",
                table: "OpportunityLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "NetAmount",
                table: "OpportunityLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "PriceIncludesTax",
                table: "OpportunityLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "TaxAmount",
                table: "OpportunityLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "TaxRate",
                table: "OpportunityLines",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CompanyAmount",
                table: "Opportunities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Currency",
                table: "Opportunities",
                type: "TEXT",
                fixedLength: true,
                maxLength: 3,
                nullable: false,
                defaultValue: "CNY");

            migrationBuilder.AddColumn<long>(
                name: "ExchangeRate",
                table: "Opportunities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 10000L);

            migrationBuilder.AddColumn<string>(
                name: "Currency",
                table: "Campaigns",
                type: "TEXT",
                fixedLength: true,
                maxLength: 3,
                nullable: false,
                defaultValue: "CNY");

            migrationBuilder.CreateTable(
                name: "ExchangeRates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Rate = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExchangeRates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExchangeRates_Currency_ValidFrom",
                table: "ExchangeRates",
                columns: new[] { "Currency", "ValidFrom" },
                unique: true);

            // Rows from before: in CNY at rate 1 (the defaults above), untaxed lines whose net and gross are their total,
            // and opportunities worth their amount in the company currency (docs/adr/0090, 0093).
            migrationBuilder.Sql("UPDATE \"Opportunities\" SET \"CompanyAmount\" = \"Amount\";");
            migrationBuilder.Sql("UPDATE \"OpportunityLines\" SET \"NetAmount\" = \"Total\", \"GrossAmount\" = \"Total\";");
            migrationBuilder.Sql("UPDATE \"QuoteLines\" SET \"NetAmount\" = \"Total\", \"GrossAmount\" = \"Total\";");
            migrationBuilder.Sql("UPDATE \"Quotes\" SET \"GrossTotal\" = \"Total\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExchangeRates");

            migrationBuilder.DropColumn(
                name: "Currency",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "ExchangeRate",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "GrossTotal",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "TaxTotal",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "GrossAmount",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "NetAmount",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "PriceIncludesTax",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "TaxAmount",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "TaxRate",
                table: "QuoteLines");

            migrationBuilder.DropColumn(
                name: "GrossAmount",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "NetAmount",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "PriceIncludesTax",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "TaxAmount",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "TaxRate",
                table: "OpportunityLines");

            migrationBuilder.DropColumn(
                name: "CompanyAmount",
                table: "Opportunities");

            migrationBuilder.DropColumn(
                name: "Currency",
                table: "Opportunities");

            migrationBuilder.DropColumn(
                name: "ExchangeRate",
                table: "Opportunities");

            migrationBuilder.DropColumn(
                name: "Currency",
                table: "Campaigns");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Accounts.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddCustomFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CustomFieldDefinitions",
                schema: "accounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EntityType = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    Type = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    LabelEnglish = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    LabelChinese = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    HelpText = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Required = table.Column<bool>(type: "bit", nullable: false),
                    Unique = table.Column<bool>(type: "bit", nullable: false),
                    DictionaryKey = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: true),
                    Order = table.Column<int>(type: "int", nullable: false),
                    Retired = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomFieldDefinitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CustomFieldValues",
                schema: "accounts",
                columns: table => new
                {
                    EntityType = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    RecordId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FieldKey = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    Seq = table.Column<int>(type: "int", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    LongText = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Number = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true),
                    Date = table.Column<DateTime>(type: "datetime2", nullable: true),
                    UniqueKey = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomFieldValues", x => new { x.EntityType, x.RecordId, x.FieldKey, x.Seq });
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldDefinitions_EntityType_Key",
                schema: "accounts",
                table: "CustomFieldDefinitions",
                columns: new[] { "EntityType", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_Date",
                schema: "accounts",
                table: "CustomFieldValues",
                columns: new[] { "EntityType", "FieldKey", "Date", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_Number",
                schema: "accounts",
                table: "CustomFieldValues",
                columns: new[] { "EntityType", "FieldKey", "Number", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_Text",
                schema: "accounts",
                table: "CustomFieldValues",
                columns: new[] { "EntityType", "FieldKey", "Text", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_Unique",
                schema: "accounts",
                table: "CustomFieldValues",
                columns: new[] { "EntityType", "FieldKey", "UniqueKey" },
                unique: true,
                filter: "[UniqueKey] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomFieldDefinitions",
                schema: "accounts");

            migrationBuilder.DropTable(
                name: "CustomFieldValues",
                schema: "accounts");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Funnel.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddCustomFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CustomFieldDefinitions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LabelEnglish = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LabelChinese = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    HelpText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Required = table.Column<bool>(type: "INTEGER", nullable: false),
                    Unique = table.Column<bool>(type: "INTEGER", nullable: false),
                    DictionaryKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Retired = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomFieldDefinitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CustomFieldValues",
                columns: table => new
                {
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FieldKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Seq = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    LongText = table.Column<string>(type: "TEXT", nullable: true),
                    Number = table.Column<long>(type: "INTEGER", nullable: true),
                    Date = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UniqueKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomFieldValues", x => new { x.EntityType, x.RecordId, x.FieldKey, x.Seq });
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldDefinitions_EntityType_Key",
                table: "CustomFieldDefinitions",
                columns: new[] { "EntityType", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_Date",
                table: "CustomFieldValues",
                columns: new[] { "EntityType", "FieldKey", "Date", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_Number",
                table: "CustomFieldValues",
                columns: new[] { "EntityType", "FieldKey", "Number", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_Text",
                table: "CustomFieldValues",
                columns: new[] { "EntityType", "FieldKey", "Text", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldValues_Unique",
                table: "CustomFieldValues",
                columns: new[] { "EntityType", "FieldKey", "UniqueKey" },
                unique: true,
                filter: "[UniqueKey] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomFieldDefinitions");

            migrationBuilder.DropTable(
                name: "CustomFieldValues");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Accounts.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PartnerType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StageChangedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Industry = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TaxId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Website = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    City = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    BranchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreditLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditStatus = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    LastContactAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ArchivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    TaxIdNormalized = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    EmailNormalized = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    PhoneNormalized = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    SearchText = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InboxMessages",
                columns: table => new
                {
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Handler = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ProcessedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxMessages", x => new { x.EventId, x.Handler });
                });

            migrationBuilder.CreateTable(
                name: "Interactions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContactId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextFollowUpAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Interactions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProcessedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FailedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    LockId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LockedUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StageChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromStage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ToStage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ChangedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Contacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    IsPrimary = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Contacts_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_BranchId_Name_Id",
                table: "Accounts",
                columns: new[] { "BranchId", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_CreatedAtUtc_Id",
                table: "Accounts",
                columns: new[] { "CreatedAtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_EmailNormalized",
                table: "Accounts",
                column: "EmailNormalized");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Industry_Name_Id",
                table: "Accounts",
                columns: new[] { "Industry", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_LastContactAtUtc",
                table: "Accounts",
                column: "LastContactAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Name_Id",
                table: "Accounts",
                columns: new[] { "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_OwnerId_Name_Id",
                table: "Accounts",
                columns: new[] { "OwnerId", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_PhoneNormalized",
                table: "Accounts",
                column: "PhoneNormalized");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Source_Name_Id",
                table: "Accounts",
                columns: new[] { "Source", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Stage_Name_Id",
                table: "Accounts",
                columns: new[] { "Stage", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_TaxIdNormalized",
                table: "Accounts",
                column: "TaxIdNormalized");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_AccountId",
                table: "Contacts",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Interactions_AccountId_OccurredAtUtc",
                table: "Interactions",
                columns: new[] { "AccountId", "OccurredAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_EventId",
                table: "OutboxMessages",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_ProcessedAtUtc_FailedAtUtc_Id",
                table: "OutboxMessages",
                columns: new[] { "ProcessedAtUtc", "FailedAtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_StageChanges_AccountId_ChangedAtUtc",
                table: "StageChanges",
                columns: new[] { "AccountId", "ChangedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_StageChanges_ChangedAtUtc",
                table: "StageChanges",
                column: "ChangedAtUtc");

            // Search index (hand-written: EF has no FTS5 support). A trigram FTS5 table answers substring
            // LIKE '%term%' from the index for 3+ characters, which also suits Chinese names (no word breaking).
            // AccountSearchRows maps an account to its FTS row so updates never scan the index.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE AccountSearch USING fts5(AccountId UNINDEXED, Text, tokenize = 'trigram');");
            migrationBuilder.Sql("CREATE TABLE AccountSearchRows (AccountId TEXT NOT NULL PRIMARY KEY, SearchRowId INTEGER NOT NULL) WITHOUT ROWID;");
            migrationBuilder.Sql(@"CREATE TRIGGER Accounts_Search_Insert AFTER INSERT ON Accounts BEGIN
    INSERT INTO AccountSearch (AccountId, Text) VALUES (new.Id, new.SearchText);
    INSERT INTO AccountSearchRows (AccountId, SearchRowId) VALUES (new.Id, last_insert_rowid());
END;");
            migrationBuilder.Sql(@"CREATE TRIGGER Accounts_Search_Update AFTER UPDATE OF SearchText ON Accounts BEGIN
    UPDATE AccountSearch SET Text = new.SearchText
    WHERE rowid = (SELECT SearchRowId FROM AccountSearchRows WHERE AccountId = new.Id);
END;");
            migrationBuilder.Sql(@"CREATE TRIGGER Accounts_Search_Delete AFTER DELETE ON Accounts BEGIN
    DELETE FROM AccountSearch WHERE rowid = (SELECT SearchRowId FROM AccountSearchRows WHERE AccountId = old.Id);
    DELETE FROM AccountSearchRows WHERE AccountId = old.Id;
END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Accounts_Search_Delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Accounts_Search_Update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Accounts_Search_Insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS AccountSearchRows;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS AccountSearch;");

            migrationBuilder.DropTable(
                name: "Contacts");

            migrationBuilder.DropTable(
                name: "InboxMessages");

            migrationBuilder.DropTable(
                name: "Interactions");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "StageChanges");

            migrationBuilder.DropTable(
                name: "Accounts");
        }
    }
}

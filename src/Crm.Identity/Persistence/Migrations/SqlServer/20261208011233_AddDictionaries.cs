using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Crm.Identity.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddDictionaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Dictionaries",
                schema: "identity",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Key = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    NameEnglish = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    NameChinese = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Dictionaries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DictionaryEntries",
                schema: "identity",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DictionaryId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    LabelEnglish = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    LabelChinese = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Order = table.Column<int>(type: "int", nullable: false),
                    Retired = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DictionaryEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DictionaryEntries_Dictionaries_DictionaryId",
                        column: x => x.DictionaryId,
                        principalSchema: "identity",
                        principalTable: "Dictionaries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                schema: "identity",
                table: "Dictionaries",
                columns: new[] { "Id", "CreatedAtUtc", "CreatedBy", "Key", "NameChinese", "NameEnglish", "UpdatedAtUtc", "UpdatedBy", "Version" },
                values: new object[,]
                {
                    { new Guid("d1c70000-0000-4000-8000-000000000001"), new DateTime(2026, 12, 8, 0, 0, 0, 0, DateTimeKind.Utc), "system", "industry", "行业", "Industry", new DateTime(2026, 12, 8, 0, 0, 0, 0, DateTimeKind.Utc), "system", 1L },
                    { new Guid("d1c70000-0000-4000-8000-000000000002"), new DateTime(2026, 12, 8, 0, 0, 0, 0, DateTimeKind.Utc), "system", "customer-level", "客户等级", "Customer level", new DateTime(2026, 12, 8, 0, 0, 0, 0, DateTimeKind.Utc), "system", 1L },
                    { new Guid("d1c70000-0000-4000-8000-000000000003"), new DateTime(2026, 12, 8, 0, 0, 0, 0, DateTimeKind.Utc), "system", "source-channel", "来源渠道", "Source channel", new DateTime(2026, 12, 8, 0, 0, 0, 0, DateTimeKind.Utc), "system", 1L },
                    { new Guid("d1c70000-0000-4000-8000-000000000004"), new DateTime(2026, 12, 8, 0, 0, 0, 0, DateTimeKind.Utc), "system", "lost-reason", "输单原因", "Lost reason", new DateTime(2026, 12, 8, 0, 0, 0, 0, DateTimeKind.Utc), "system", 1L }
                });

            migrationBuilder.InsertData(
                schema: "identity",
                table: "DictionaryEntries",
                columns: new[] { "Id", "Code", "DictionaryId", "LabelChinese", "LabelEnglish", "Order", "Retired" },
                values: new object[,]
                {
                    { new Guid("d1c7e000-0000-4000-8000-000001000001"), "agriculture", new Guid("d1c70000-0000-4000-8000-000000000001"), "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery", 1, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000002"), "mining", new Guid("d1c70000-0000-4000-8000-000000000001"), "采矿业", "Mining", 2, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000003"), "manufacturing", new Guid("d1c70000-0000-4000-8000-000000000001"), "制造业", "Manufacturing", 3, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000004"), "utilities", new Guid("d1c70000-0000-4000-8000-000000000001"), "电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water supply", 4, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000005"), "construction", new Guid("d1c70000-0000-4000-8000-000000000001"), "建筑业", "Construction", 5, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000006"), "wholesale-retail", new Guid("d1c70000-0000-4000-8000-000000000001"), "批发和零售业", "Wholesale and retail trade", 6, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000007"), "transport-logistics", new Guid("d1c70000-0000-4000-8000-000000000001"), "交通运输、仓储和邮政业", "Transport, storage and postal services", 7, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000008"), "hospitality", new Guid("d1c70000-0000-4000-8000-000000000001"), "住宿和餐饮业", "Accommodation and catering", 8, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000009"), "information-technology", new Guid("d1c70000-0000-4000-8000-000000000001"), "信息传输、软件和信息技术服务业", "Information transmission, software and IT services", 9, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000010"), "finance", new Guid("d1c70000-0000-4000-8000-000000000001"), "金融业", "Finance", 10, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000011"), "real-estate", new Guid("d1c70000-0000-4000-8000-000000000001"), "房地产业", "Real estate", 11, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000012"), "business-services", new Guid("d1c70000-0000-4000-8000-000000000001"), "租赁和商务服务业", "Leasing and business services", 12, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000013"), "research-technical", new Guid("d1c70000-0000-4000-8000-000000000001"), "科学研究和技术服务业", "Scientific research and technical services", 13, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000014"), "environment-public-facilities", new Guid("d1c70000-0000-4000-8000-000000000001"), "水利、环境和公共设施管理业", "Water conservancy, environment and public facilities", 14, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000015"), "household-services", new Guid("d1c70000-0000-4000-8000-000000000001"), "居民服务、修理和其他服务业", "Household, repair and other services", 15, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000016"), "education", new Guid("d1c70000-0000-4000-8000-000000000001"), "教育", "Education", 16, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000017"), "health-social-work", new Guid("d1c70000-0000-4000-8000-000000000001"), "卫生和社会工作", "Health and social work", 17, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000018"), "culture-sports-entertainment", new Guid("d1c70000-0000-4000-8000-000000000001"), "文化、体育和娱乐业", "Culture, sports and entertainment", 18, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000019"), "public-administration", new Guid("d1c70000-0000-4000-8000-000000000001"), "公共管理、社会保障和社会组织", "Public administration and social organisations", 19, false },
                    { new Guid("d1c7e000-0000-4000-8000-000001000020"), "other", new Guid("d1c70000-0000-4000-8000-000000000001"), "其他", "Other", 20, false },
                    { new Guid("d1c7e000-0000-4000-8000-000002000001"), "strategic", new Guid("d1c70000-0000-4000-8000-000000000002"), "战略客户", "Strategic customer", 1, false },
                    { new Guid("d1c7e000-0000-4000-8000-000002000002"), "key", new Guid("d1c70000-0000-4000-8000-000000000002"), "重点客户", "Key customer", 2, false },
                    { new Guid("d1c7e000-0000-4000-8000-000002000003"), "regular", new Guid("d1c70000-0000-4000-8000-000000000002"), "普通客户", "Regular customer", 3, false },
                    { new Guid("d1c7e000-0000-4000-8000-000002000004"), "minor", new Guid("d1c70000-0000-4000-8000-000000000002"), "一般客户", "Minor customer", 4, false },
                    { new Guid("d1c7e000-0000-4000-8000-000003000001"), "Telephone", new Guid("d1c70000-0000-4000-8000-000000000003"), "电话", "Telephone", 1, false },
                    { new Guid("d1c7e000-0000-4000-8000-000003000002"), "Fax", new Guid("d1c70000-0000-4000-8000-000000000003"), "传真", "Fax", 2, false },
                    { new Guid("d1c7e000-0000-4000-8000-000003000003"), "Email", new Guid("d1c70000-0000-4000-8000-000000000003"), "邮件", "E-mail", 3, false },
                    { new Guid("d1c7e000-0000-4000-8000-000003000004"), "Sms", new Guid("d1c70000-0000-4000-8000-000000000003"), "短信", "SMS", 4, false },
                    { new Guid("d1c7e000-0000-4000-8000-000003000005"), "Visit", new Guid("d1c70000-0000-4000-8000-000000000003"), "拜访", "Visit", 5, false },
                    { new Guid("d1c7e000-0000-4000-8000-000003000006"), "Media", new Guid("d1c70000-0000-4000-8000-000000000003"), "媒体", "Media", 6, false },
                    { new Guid("d1c7e000-0000-4000-8000-000003000007"), "Website", new Guid("d1c70000-0000-4000-8000-000000000003"), "网站", "Website", 7, false },
                    { new Guid("d1c7e000-0000-4000-8000-000003000008"), "Event", new Guid("d1c70000-0000-4000-8000-000000000003"), "活动", "Event", 8, false },
                    { new Guid("d1c7e000-0000-4000-8000-000003000009"), "Referral", new Guid("d1c70000-0000-4000-8000-000000000003"), "转介绍", "Referral", 9, false },
                    { new Guid("d1c7e000-0000-4000-8000-000003000010"), "OwnDevelopment", new Guid("d1c70000-0000-4000-8000-000000000003"), "自主开发", "Own development", 10, false },
                    { new Guid("d1c7e000-0000-4000-8000-000004000001"), "Price", new Guid("d1c70000-0000-4000-8000-000000000004"), "价格", "Price", 1, false },
                    { new Guid("d1c7e000-0000-4000-8000-000004000002"), "Competitor", new Guid("d1c70000-0000-4000-8000-000000000004"), "竞争对手", "Competitor", 2, false },
                    { new Guid("d1c7e000-0000-4000-8000-000004000003"), "NoBudget", new Guid("d1c70000-0000-4000-8000-000000000004"), "没有预算", "No budget", 3, false },
                    { new Guid("d1c7e000-0000-4000-8000-000004000004"), "NoDecision", new Guid("d1c70000-0000-4000-8000-000000000004"), "未做决定", "No decision", 4, false },
                    { new Guid("d1c7e000-0000-4000-8000-000004000005"), "ProductFit", new Guid("d1c70000-0000-4000-8000-000000000004"), "产品不匹配", "Product fit", 5, false },
                    { new Guid("d1c7e000-0000-4000-8000-000004000006"), "Timing", new Guid("d1c70000-0000-4000-8000-000000000004"), "时机不对", "Timing", 6, false },
                    { new Guid("d1c7e000-0000-4000-8000-000004000007"), "Other", new Guid("d1c70000-0000-4000-8000-000000000004"), "其他", "Other", 7, false }
                });

            migrationBuilder.CreateIndex(
                name: "IX_Dictionaries_Key",
                schema: "identity",
                table: "Dictionaries",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DictionaryEntries_DictionaryId_Code",
                schema: "identity",
                table: "DictionaryEntries",
                columns: new[] { "DictionaryId", "Code" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DictionaryEntries",
                schema: "identity");

            migrationBuilder.DropTable(
                name: "Dictionaries",
                schema: "identity");
        }
    }
}

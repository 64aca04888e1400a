using System.Diagnostics;
using System.Globalization;
using System.Text;
using Crm.Accounts.Domain;
using Crm.Accounts.Features.ImportAccounts;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Csv;
using Crm.BuildingBlocks.Persistence;
using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Accounts.Bench;

internal sealed record ImportResult(
    string Target, int Rows, long RowsBefore, double Seconds, int Imported, int Errors, long AccountsAfter, long SearchRowsAfter, long StageChangesAfter, long OutboxAfter,
    bool DryRun, int ValidRows)
{
    public double RowsPerSecond => (DryRun ? ValidRows : Imported) / Seconds;

    public bool Verified => DryRun
        ? Errors == 0 && ValidRows == Rows && Imported == 0 && AccountsAfter == RowsBefore
        : Errors == 0 && Imported == Rows && AccountsAfter == RowsBefore + Rows && SearchRowsAfter == AccountsAfter;
}

/// <summary>CSV import through IMediator, as the /import endpoint sends it, into an empty or a filled database.</summary>
internal static class ImportBenchmark
{
    public const double TargetRowsPerSecond = 20_000;

    /// <summary>A file in the layout of AccountCsv.EditableColumns whose keys cannot collide with the filled rows.</summary>
    public static void WriteCsv(string path, int rows, DateTime nowUtc)
    {
        var generator = new DataGenerator(seed: 777, nowUtc, emailPrefix: "import", phonePrefix: "15", taxPrefix: "914403");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(string.Join(',', AccountCsv.EditableColumns));
        writer.Write("\r\n");
        for (var n = 0; n < rows; n++)
        {
            var g = generator.Next(n);
            var d = g.Details;
            // The import refuses to create accounts that start as Lost.
            var stage = g.Stage == LifecycleStage.Lost ? LifecycleStage.Potential : g.Stage;
            string?[] cells =
            [
                d.Name, d.Kind.ToString(), d.Type.ToString(), d.PartnerType?.ToString(), stage.ToString(), d.Source.ToString(), d.Industry, d.TaxId,
                d.Email, d.Phone, d.Website, d.City, d.Address, d.Notes, g.OwnerId?.ToString(), d.BranchId?.ToString(),
                d.CreditLimit.ToString(CultureInfo.InvariantCulture), d.CreditStatus.ToString(), string.Join(AccountCsv.TagSeparator, d.Tags),
            ];
            writer.Write(string.Join(',', cells.Select(CsvWriter.Escape)));
            writer.Write("\r\n");
        }
    }

    public static async Task<ImportResult> RunAsync(string target, string dataDirectory, string csvPath, int rows, Action<string> log, bool dryRun = false)
    {
        await using var services = BenchServices.Build(dataDirectory);
        foreach (var database in services.GetServices<IModuleDatabase>())
        {
            await database.MigrateAsync(CancellationToken.None);
        }

        string connectionString;
        await using (var scope = services.CreateAsyncScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Database.GetConnectionString()!;
        }

        var before = await CountAsync(connectionString, "Accounts");
        log($"  importing {rows:N0} rows into {target} ({before:N0} accounts already there) ...");

        ImportReport report;
        var stopwatch = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            using var reader = new StreamReader(csvPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            report = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportAccountsCommand(reader, SkipInvalid: false, DryRun: dryRun));
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        foreach (var error in report.Errors.Take(5))
        {
            log($"    line {error.Line} {error.Field}: {error.Message}");
        }

        var result = new ImportResult(
            target, rows, before, seconds, report.Imported, report.Errors.Count,
            await CountAsync(connectionString, "Accounts"), await CountAsync(connectionString, "AccountSearchRows"),
            await CountAsync(connectionString, "StageChanges"), await CountAsync(connectionString, "OutboxMessages"), dryRun, report.ValidRows);
        log($"  {target}: {(dryRun ? report.ValidRows : result.Imported):N0} {(dryRun ? "validated" : "imported")} in {seconds:N1} s = {result.RowsPerSecond:N0} rows/s; verified: {result.Verified}");
        return result;
    }

    public static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return Convert.ToInt64(await Filler.ScalarAsync(connection, $"SELECT COUNT(*) FROM \"{table}\";"), CultureInfo.InvariantCulture);
    }
}

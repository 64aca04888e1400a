using System.Diagnostics;
using System.Globalization;
using Crm.Accounts.Bench;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.WriteLine(BenchOptions.Usage);
    return 2;
}

static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

var startedUtc = DateTime.UtcNow;
var loadAtStart = Report.LoadAverage();
var repoRoot = BenchOptions.FindRepoRoot();
var dataRoot = Path.GetFullPath(options.DataDirectory ?? Path.Combine(repoRoot ?? Path.GetTempPath(), "bench-data", "accounts"));
Log($"Data directory: {dataRoot}; {Environment.ProcessorCount} cores");

var measurements = new List<Measurement>();
var imports = new List<ImportResult>();
var plans = new List<(string, IReadOnlyList<CapturedPlan>)>();
var filledDir = Path.Combine(dataRoot, "filled");
var (connectionString, fillNote) = await FilledDatabase.EnsureAsync(filledDir, options.Rows, Log);
var sqliteVersion = "";
await using (var connection = new SqliteConnection(connectionString))
{
    await connection.OpenAsync();
    sqliteVersion = (string)(await Filler.ScalarAsync(connection, "SELECT sqlite_version();"))!;
}

if (!options.SkipList)
{
    await using var services = BenchServices.Build(filledDir);
    await FilledDatabase.CheckEfSeesTheRowsAsync(services, connectionString);
    var harness = new Harness(services, options.Warmup, options.Iterations, Log);
    var list = new ListBenchmarks(harness, connectionString, options.Rows, options.CursorDepth, Log, options.Only);
    Log($"List scenarios: {options.Warmup} warm-up + {options.Iterations} timed calls each");
    await list.RunAsync();
    measurements.AddRange(list.Results);

    var capture = new PlanCapture();
    await using var explainServices = BenchServices.Build(filledDir, s => s.ConfigureDbContext<AccountsSqliteDbContext>(o => o.AddInterceptors(capture)));
    plans.AddRange(await list.ExplainAsync(new Harness(explainServices, 0, 1, Log), capture));
}

if (!options.SkipImport)
{
    var importDir = Path.Combine(dataRoot, "import");
    Directory.CreateDirectory(importDir);
    var csv = Path.Combine(importDir, $"accounts-{options.ImportRows}.csv");
    var csvWatch = Stopwatch.StartNew();
    ImportBenchmark.WriteCsv(csv, options.ImportRows, DateTime.UtcNow);
    Log($"Wrote {options.ImportRows:N0}-row CSV ({new FileInfo(csv).Length / (1024.0 * 1024):N1} MiB) in {csvWatch.Elapsed.TotalSeconds:N1} s");

    var fresh = Path.Combine(importDir, "fresh");
    FilledDatabase.Delete(fresh);
    // dryRun first: parse + validate + duplicate look-ups without the writes, to split the import's cost in two.
    imports.Add(await ImportBenchmark.RunAsync("fresh empty database, dryRun=true", fresh, csv, options.ImportRows, Log, dryRun: true));
    imports.Add(await ImportBenchmark.RunAsync("fresh empty database", fresh, csv, options.ImportRows, Log));
    FilledDatabase.Delete(fresh);

    if (!options.SkipFilledImport)
    {
        // A copy, so the filled database keeps exactly --rows accounts and the next run can reuse it.
        var copy = Path.Combine(importDir, "filled-copy");
        FilledDatabase.Delete(copy);
        await FilledDatabase.CopyAsync(filledDir, copy);
        imports.Add(await ImportBenchmark.RunAsync($"copy of the {options.Rows:N0}-row database, dryRun=true", copy, csv, options.ImportRows, Log, dryRun: true));
        imports.Add(await ImportBenchmark.RunAsync($"copy of the {options.Rows:N0}-row database", copy, csv, options.ImportRows, Log));
        FilledDatabase.Delete(copy);
    }
}

var run = new RunInfo(
    startedUtc, options.Rows, fillNote, FilledDatabase.Size(filledDir), sqliteVersion, options.Warmup, options.Iterations,
    "dotnet run -c Release --project bench/Crm.Accounts.Bench -- " + string.Join(' ', args), loadAtStart, Report.LoadAverage());
var markdown = Report.Markdown(run, measurements, imports, plans);
Console.WriteLine();
Console.WriteLine(markdown[..FirstAppendix(markdown)]);

var output = options.Output ?? Path.Combine(repoRoot ?? Directory.GetCurrentDirectory(), "bench", "results", $"accounts-{startedUtc:yyyy-MM-dd}.md");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, markdown);
Log($"Results written to {Path.GetFullPath(output)}");

var failed = imports.Any(i => !i.Verified);
return failed ? 1 : 0;

static int FirstAppendix(string markdown)
{
    var index = markdown.IndexOf("## Appendix", StringComparison.Ordinal);
    return index < 0 ? markdown.Length : index;
}

internal sealed record BenchOptions(
    int Rows, int ImportRows, string? DataDirectory, int Iterations, int Warmup, int CursorDepth,
    bool SkipList, bool SkipImport, bool SkipFilledImport, string? Output, string? Only = null)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Crm.Accounts.Bench -- [options]
          --rows N               accounts in the list database (default 1000000); an existing file with N rows is reused
          --import-rows N        rows in the generated import CSV (default 100000)
          --data DIR             where the databases live (default <repo>/bench-data/accounts)
          --iterations N         timed calls per list scenario (default 200)
          --warmup N             untimed calls first (default 20)
          --cursor-depth N       page depth for the deep offset/cursor scenarios (default 4000)
          --skip-list            only the import
          --skip-import          only the list scenarios
          --skip-filled-import   import only into a fresh database, not also into a copy of the filled one
          --only A|B              run only the list scenarios whose "group: name" contains A or B (investigation)
          --out FILE             results file (default bench/results/accounts-<date>.md)
        """;

    public static BenchOptions? Parse(string[] args)
    {
        var o = new BenchOptions(1_000_000, 100_000, null, 200, 20, 4000, false, false, false, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Number() => int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--rows": o = o with { Rows = Number() }; break;
                case "--import-rows": o = o with { ImportRows = Number() }; break;
                case "--data": o = o with { DataDirectory = Value() }; break;
                case "--iterations": o = o with { Iterations = Number() }; break;
                case "--warmup": o = o with { Warmup = Number() }; break;
                case "--cursor-depth": o = o with { CursorDepth = Number() }; break;
                case "--skip-list": o = o with { SkipList = true }; break;
                case "--skip-import": o = o with { SkipImport = true }; break;
                case "--skip-filled-import": o = o with { SkipFilledImport = true }; break;
                case "--out": o = o with { Output = Value() }; break;
                case "--only": o = o with { Only = Value() }; break;
                default: return null;
            }
        }

        return o.Rows > 0 && o.ImportRows > 0 && o.Iterations > 0 && o.Warmup >= 0 && o.CursorDepth > 0 ? o : null;
    }

    public static string? FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Crm.Modular.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}

/// <summary>The million-row database: reused when it already holds the requested rows from this generator version.</summary>
internal static class FilledDatabase
{
    private const string FileName = "crm.accounts.db";

    public static async Task<(string ConnectionString, string Note)> EnsureAsync(string directory, int rows, Action<string> log)
    {
        var marker = Path.Combine(directory, "bench-fill.txt");
        var stats = Path.Combine(directory, "bench-fill-time.txt");
        var expected = $"rows={rows} generator={DataGenerator.Version}";
        if (File.Exists(Path.Combine(directory, FileName)) && File.Exists(marker) && await File.ReadAllTextAsync(marker) == expected)
        {
            var existing = await MigrateAsync(directory);
            var count = await ImportBenchmark.CountAsync(existing, "Accounts");
            if (count == rows)
            {
                log($"Reusing {directory} ({count:N0} accounts)");
                var filled = File.Exists(stats) ? await File.ReadAllTextAsync(stats) : "fill time unknown";
                return (existing, $"reused a database {filled}");
            }
        }

        log($"Filling {directory} with {rows:N0} accounts ...");
        Delete(directory);
        var connectionString = await MigrateAsync(directory);
        var elapsed = await Filler.FillAsync(connectionString, rows, DateTime.UtcNow, log);
        var how = $"in {elapsed.TotalSeconds:N1} s ({rows / elapsed.TotalSeconds:N0} rows/s: raw prepared INSERTs in one transaction, FTS triggers firing, secondary indexes rebuilt at the end; load average at the end {Report.LoadAverage()})";
        await File.WriteAllTextAsync(marker, expected);
        // Kept beside the database so a run that reuses it can still report what the fill cost.
        await File.WriteAllTextAsync(stats, $"filled on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC {how}");
        log($"Filled {rows:N0} accounts in {elapsed.TotalSeconds:N1} s ({rows / elapsed.TotalSeconds:N0} rows/s)");
        return (connectionString, $"filled in this run {how}");
    }

    /// <summary>Fails fast if the raw fill wrote ids, owners or dates in a form EF's translated queries would not match.</summary>
    public static async Task CheckEfSeesTheRowsAsync(IServiceProvider services, string connectionString)
    {
        string id, owner, contacted;
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            id = (string)(await Filler.ScalarAsync(connection, "SELECT Id FROM Accounts WHERE rowid = 1;"))!;
            owner = (string)(await Filler.ScalarAsync(connection, "SELECT OwnerId FROM Accounts WHERE OwnerId IS NOT NULL LIMIT 1;"))!;
            contacted = (string)(await Filler.ScalarAsync(connection, "SELECT LastContactAtUtc FROM Accounts WHERE LastContactAtUtc IS NOT NULL LIMIT 1;"))!;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var accountId = Guid.Parse(id);
        var ownerId = Guid.Parse(owner);
        var at = DateTime.SpecifyKind(DateTime.Parse(contacted, CultureInfo.InvariantCulture), DateTimeKind.Utc);
        if (!await db.Accounts.AnyAsync(a => a.Id == accountId)
            || !await db.Accounts.AnyAsync(a => a.OwnerId == ownerId)
            || !await db.Accounts.AnyAsync(a => a.LastContactAtUtc == at))
        {
            throw new InvalidOperationException("EF Core does not find rows written by the bench fill: the stored id or date format differs from EF's.");
        }
    }

    public static async Task CopyAsync(string from, string to)
    {
        // Fold the WAL into the main file first, so copying the one file copies every committed row.
        await using (var connection = new SqliteConnection(SqliteConnectionString(from)))
        {
            await connection.OpenAsync();
            await Filler.ScalarAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(to);
        File.Copy(Path.Combine(from, FileName), Path.Combine(to, FileName), overwrite: true);
    }

    public static void Delete(string directory)
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static long Size(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, FileName + "*").Sum(f => new FileInfo(f).Length) : 0;

    private static string SqliteConnectionString(string directory) => $"Data Source={Path.Combine(directory, FileName)};Pooling=False";

    private static async Task<string> MigrateAsync(string directory)
    {
        await using var services = BenchServices.Build(directory);
        foreach (var database in services.GetServices<IModuleDatabase>())
        {
            await database.MigrateAsync(CancellationToken.None);
        }

        await using var scope = services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Database.GetConnectionString()!;
    }
}

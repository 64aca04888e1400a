using System.Diagnostics;
using Crm.Accounts.Domain;
using Crm.Accounts.Features.ListAccounts;
using Microsoft.Data.Sqlite;

namespace Crm.Accounts.Bench;

internal sealed record Scenario(string Group, string Name, Func<Random, ListAccountsQuery> Make, double? TargetMs, string Note = "", bool CountMatches = false);

/// <summary>The list, filter, search and count scenarios over the filled database.</summary>
internal sealed class ListBenchmarks(Harness harness, string connectionString, int rows, int cursorDepth, Action<string> log, string? only = null)
{
    public const double PageTargetMs = 50;
    private const int PageSize = 25;

    public List<Scenario> Scenarios { get; } = [];

    public List<Measurement> Results { get; } = [];

    public async Task RunAsync()
    {
        var samples = await SampleRowsAsync(1000);
        log($"Walking {cursorDepth:N0} pages by cursor (sort name) to get a deep cursor ...");
        var (deepCursor, walk) = await WalkAsync(cursorDepth);
        Results.Add(walk);

        var stages = Enum.GetNames<LifecycleStage>();
        var owners = DataGenerator.Owners;
        var brands = DataGenerator.Brands;

        Add("List", "First page, sort name (25)", _ => Page(new AccountFilter(), "name"));
        Add("List", "First page, sort createdAt desc (25)", _ => Page(new AccountFilter(), "createdAt", descending: true));
        Add("List", $"Deep page by offset: page {cursorDepth:N0} x 25", _ => Page(new AccountFilter(), "name", page: cursorDepth),
            note: $"OFFSET {(cursorDepth - 1) * PageSize:N0}");
        Add("List", $"Deep page by keyset cursor (after page {cursorDepth:N0})", _ => Page(new AccountFilter(), "name", cursor: deepCursor));
        Add("List", "Keyset cursor at a random real row", r =>
        {
            var (name, id) = samples[r.Next(samples.Count)];
            return Page(new AccountFilter(), "name", cursor: Cursor(name, id));
        }, note: $"{samples.Count:N0} sampled rows");

        Add("Filter", "stage + owner", r => Page(new AccountFilter(Stage: stages[r.Next(stages.Length)], OwnerId: owners[r.Next(owners.Length)]), "name"), countMatches: true);
        Add("Filter", "notContactedForDays=90", _ => Page(new AccountFilter(NotContactedForDays: 90), "name"), countMatches: true);
        Add("Filter", "stage + owner + notContactedForDays=90", r =>
            Page(new AccountFilter(Stage: stages[r.Next(stages.Length)], OwnerId: owners[r.Next(owners.Length)], NotContactedForDays: 90), "name"), countMatches: true);

        Add("Search", "company word, 6+ chars (e.g. \"velmor\")", r => Page(new AccountFilter(Search: brands[r.Next(brands.Length)]), "name"), countMatches: true);
        Add("Search", "phone fragment, 9 digits", r =>
        {
            // The normalized phone is 86 13d dddd dddd; fixing 9 of its digits leaves ~100 matching numbers.
            var digits = DataGenerator.Phone("13", r.Next(rows)).Where(char.IsAsciiDigit).ToArray();
            return Page(new AccountFilter(Search: new string(digits[2..11])), "name");
        }, countMatches: true);
        Add("Search", "Chinese, 3 chars (city + trade-name char, e.g. \"上海华\")", r =>
            Page(new AccountFilter(Search: DataGenerator.ZhCities[r.Next(10)] + DataGenerator.ZhBrandChars[r.Next(DataGenerator.ZhBrandChars.Length)]), "name"),
            countMatches: true);
        Add("Search", "2 chars (below trigram size: fallback)", r => Page(new AccountFilter(Search: brands[r.Next(brands.Length)][..2]), "name"), countMatches: true);

        Add("Total", "includeTotal=true, unfiltered first page", _ => Page(new AccountFilter(), "name", includeTotal: true), target: null);
        Add("Total", "includeTotal=true, stage + owner", r =>
            Page(new AccountFilter(Stage: stages[r.Next(stages.Length)], OwnerId: owners[r.Next(owners.Length)]), "name", includeTotal: true), target: null);
        Add("Total", "includeTotal=true, company-word search", r =>
            Page(new AccountFilter(Search: brands[r.Next(brands.Length)]), "name", includeTotal: true), target: null);

        var seed = 1;
        foreach (var scenario in Scenarios)
        {
            var measurement = await harness.ListAsync(scenario.Group, scenario.Name, scenario.Make, scenario.TargetMs, seed++, scenario.Note);
            if (scenario.CountMatches)
            {
                measurement = measurement with { Note = JoinNote(measurement.Note, $"~{await AverageMatchesAsync(scenario):N0} matches") };
            }

            Results.Add(measurement);
        }
    }

    /// <summary>One run of every scenario through a provider with <see cref="PlanCapture"/>, for the report's appendix.</summary>
    public async Task<List<(string Scenario, IReadOnlyList<CapturedPlan> Plans)>> ExplainAsync(Harness explainHarness, PlanCapture capture)
    {
        var plans = new List<(string, IReadOnlyList<CapturedPlan>)>();
        var seed = 1;
        foreach (var scenario in Scenarios)
        {
            capture.Clear();
            await explainHarness.SendAsync(scenario.Make(new Random(seed++)));
            plans.Add(($"{scenario.Group}: {scenario.Name}", capture.Captured.ToList()));
        }

        return plans;
    }

    private void Add(string group, string name, Func<Random, ListAccountsQuery> make, double? target = PageTargetMs, string note = "", bool countMatches = false)
    {
        if (only is null || only.Split('|').Any(o => $"{group}: {name}".Contains(o, StringComparison.OrdinalIgnoreCase)))
        {
            Scenarios.Add(new Scenario(group, name, make, target, note, countMatches));
        }
    }

    private static ListAccountsQuery Page(AccountFilter filter, string sort, bool descending = false, int page = 1, string? cursor = null, bool includeTotal = false) =>
        new(filter, sort, descending, page, PageSize, cursor, includeTotal);

    private static string Cursor(string name, Guid id) =>
        Keyset.Encode(AccountSorts.Name, false, new AccountListItem(
            id, name, default, default, default, "Telephone", null, null, null, null, null, null, null, 0m, "CNY", default, null, default, false));

    private async Task<double> AverageMatchesAsync(Scenario scenario)
    {
        // A separate pass with includeTotal, so the timed pass above paid only for the page.
        var random = new Random(12345);
        long total = 0;
        const int samples = 10;
        for (var i = 0; i < samples; i++)
        {
            var query = scenario.Make(random) with { IncludeTotal = true };
            total += (await harness.SendAsync(query)).Total ?? 0;
        }

        return (double)total / samples;
    }

    private async Task<(string Cursor, Measurement Walk)> WalkAsync(int pages)
    {
        var times = new double[pages];
        string? cursor = null;
        var started = Stopwatch.StartNew();
        for (var i = 0; i < pages; i++)
        {
            var t = Stopwatch.GetTimestamp();
            var result = await harness.SendAsync(Page(new AccountFilter(), "name", cursor: cursor));
            times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            cursor = result.NextCursor ?? throw new InvalidOperationException($"The cursor walk ended after {i + 1} pages; the table has too few rows.");
        }

        var walk = Harness.Summarize("List", $"Cursor walk, pages 1 to {pages:N0} in sequence (one pass)", times, PageSize, null,
            $"{started.Elapsed.TotalSeconds:N1} s for {pages:N0} pages");
        log($"  {walk.Scenario,-58} p50 {walk.P50,8:N2}  p95 {walk.P95,8:N2}  max {walk.Max,8:N2} ms");
        return (cursor!, walk);
    }

    private async Task<List<(string Name, Guid Id)>> SampleRowsAsync(int count)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Name, Id FROM Accounts WHERE rowid = $r AND ArchivedAtUtc IS NULL;";
        var r = command.Parameters.Add("$r", SqliteType.Integer);
        var random = new Random(42);
        var samples = new List<(string, Guid)>();
        while (samples.Count < count)
        {
            r.Value = random.NextInt64(1, rows + 1);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                samples.Add((reader.GetString(0), Guid.Parse(reader.GetString(1))));
            }
        }

        return samples;
    }

    private static string JoinNote(string a, string b) => string.IsNullOrEmpty(a) ? b : $"{a}; {b}";
}

using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Csv;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.BuildingBlocks.PublicApi;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Leads;

/// <summary>
/// Imports leads from CSV (a trade-show list, a purchased list). Every row is validated and checked for duplicates (in
/// the file and against open leads) first; a file with bad rows imports nothing unless <see cref="SkipInvalid"/>.
/// Each imported lead raises LeadCreated, so the assignment workflow distributes them.
/// </summary>
internal sealed record ImportLeadsCommand(string Csv, bool SkipInvalid, bool DryRun, Guid? CampaignId) : IRequest<LeadImportReport>;

internal sealed record LeadImportReport(int TotalRows, int ValidRows, int Imported, int Skipped, bool DryRun, IReadOnlyList<LeadImportError> Errors) : ICsvImportReport
{
    int ICsvImportReport.ErrorCount => Errors.Count;

    public bool Rejected => Errors.Count > 0 && Imported == 0 && !DryRun;
}

internal sealed record LeadImportError(int Line, string? Field, string Message);

internal sealed class ImportLeadsHandler(FunnelDbContext db, ICurrentUser user, TimeProvider clock, IDictionaries dictionaries) : IRequestHandler<ImportLeadsCommand, LeadImportReport>
{
    internal const int MaxRows = 20_000;

    internal static readonly string[] Columns = ["name", "company", "jobTitle", "email", "phone", "industry", "territory", "city", "notes", "branchId", "source", "ownerId"];

    private static readonly LeadFieldsValidator Validator = new();

    public async Task<LeadImportReport> Handle(ImportLeadsCommand command, CancellationToken cancellationToken)
    {
        if (command.CampaignId is { } campaignId && !await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            throw new BusinessRuleException($"Campaign {campaignId} does not exist.", "campaignId");
        }

        var errors = new List<LeadImportError>();
        var rows = Parse(command.Csv, errors, out var total);
        if (errors.Any(e => e.Line <= 1))
        {
            return new LeadImportReport(total, 0, 0, 0, command.DryRun, errors);
        }

        var bad = errors.Select(e => e.Line).ToHashSet();
        foreach (var row in rows)
        {
            foreach (var failure in (await Validator.ValidateAsync(row, cancellationToken)).Errors)
            {
                errors.Add(new LeadImportError(row.Line, Camel(failure.PropertyName), failure.ErrorMessage));
                bad.Add(row.Line);
            }

            if (await dictionaries.RefusalAsync(DictionaryKeys.SourceChannel, row.Source, cancellationToken) is { } refusal)
            {
                errors.Add(new LeadImportError(row.Line, "source", refusal));
                bad.Add(row.Line);
            }
        }

        await FindDuplicatesAsync(rows.Where(r => !bad.Contains(r.Line)).ToList(), errors, bad, cancellationToken);
        errors.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : string.CompareOrdinal(a.Field, b.Field));
        var valid = rows.Where(r => !bad.Contains(r.Line)).ToList();
        var skipped = total - valid.Count;
        if (command.DryRun || (errors.Count > 0 && !command.SkipInvalid) || valid.Count == 0)
        {
            return new LeadImportReport(total, valid.Count, 0, skipped, command.DryRun, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var defaultSource = command.CampaignId is null ? SourceChannelCodes.OwnDevelopment : SourceChannelCodes.Event;
        var leads = new List<Lead>(valid.Count);
        foreach (var r in valid)
        {
            var source = await dictionaries.CodeAsync(DictionaryKeys.SourceChannel, r.Source, cancellationToken) ?? defaultSource;
            leads.Add(Lead.Create(LeadFields.ToDetails(r), source, LeadCapture.Import, command.CampaignId, r.OwnerId, user.Id, now));
        }

        // One transaction and one audit entry for the file; the leads' LeadCreated events go to the outbox with them.
        db.AuditSuppressed = true;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in leads.Chunk(2_000))
        {
            await db.BulkInsertAsync(chunk, cancellationToken);
        }

        db.AuditEntries.Add(new AuditEntry
        {
            SubjectId = Guid.Empty, Entity = nameof(Lead), EntityId = "", Action = "Imported", Changes = $"{{\"count\":{leads.Count}}}", By = user.Id, AtUtc = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new LeadImportReport(total, valid.Count, leads.Count, skipped, false, errors);
    }

    private static List<ImportRow> Parse(string csv, List<LeadImportError> errors, out int total)
    {
        total = 0;
        var rows = new List<ImportRow>();
        var reader = new CsvReader(new StringReader(csv));
        try
        {
            if (reader.ReadRecord() is not { } header)
            {
                errors.Add(new LeadImportError(1, null, "The file is empty. The first line must name the columns, e.g. name,company,email,phone."));
                return rows;
            }

            var columns = header.Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
            var unknown = columns.Where(c => c.Length > 0 && !Columns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
            {
                errors.Add(new LeadImportError(1, unknown[0], $"Unknown column(s): {string.Join(", ", unknown)}. Known columns: {string.Join(", ", Columns)}."));
            }

            if (!columns.Contains("name", StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new LeadImportError(1, "name", "The header has no 'name' column."));
            }

            if (columns.Where(c => c.Length > 0).GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                errors.Add(new LeadImportError(1, twice.Key, $"Column '{twice.Key}' appears twice."));
            }

            if (errors.Count > 0)
            {
                return rows;
            }

            var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.OrdinalIgnoreCase);
            while (reader.ReadRecord() is { } record)
            {
                if (record.Fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                total++;
                if (rows.Count >= MaxRows)
                {
                    errors.Add(new LeadImportError(record.Line, null, $"The file has more than {MaxRows:N0} rows; split it."));
                    break;
                }

                if (record.Fields.Count != columns.Count)
                {
                    errors.Add(new LeadImportError(record.Line, null, $"The row has {record.Fields.Count} fields but the header has {columns.Count}."));
                    continue;
                }

                rows.Add(ImportRow.From(record.Line, name => index.TryGetValue(name, out var i) ? CsvWriter.Unguard(record.Fields[i].Trim()) : null, errors));
            }
        }
        catch (CsvFormatException ex)
        {
            errors.Add(new LeadImportError(ex.Line, null, ex.Message));
        }

        return rows;
    }

    private async Task FindDuplicatesAsync(List<ImportRow> rows, List<LeadImportError> errors, HashSet<int> bad, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, int>();
        foreach (var row in rows)
        {
            foreach (var (field, key) in row.Keys())
            {
                if (!seen.TryAdd(key, row.Line))
                {
                    errors.Add(new LeadImportError(row.Line, field, $"Same {field} as line {seen[key]} of this file."));
                    bad.Add(row.Line);
                }
            }
        }

        var open = new[] { LeadStatus.New, LeadStatus.Working, LeadStatus.Qualified };
        var existing = new Dictionary<string, string>();
        foreach (var chunk in rows.Select(r => Normalize.Email(r.Email)).OfType<string>().Distinct().Chunk(500))
        {
            foreach (var hit in await db.Leads.AsNoTracking().Where(l => open.Contains(l.Status) && chunk.Contains(l.EmailNormalized!))
                         .Select(l => new { l.EmailNormalized, l.Name }).ToListAsync(cancellationToken))
            {
                existing.TryAdd("email:" + hit.EmailNormalized, hit.Name);
            }
        }

        foreach (var chunk in rows.Select(r => Normalize.Phone(r.Phone)).OfType<string>().Distinct().Chunk(500))
        {
            foreach (var hit in await db.Leads.AsNoTracking().Where(l => open.Contains(l.Status) && chunk.Contains(l.PhoneNormalized!))
                         .Select(l => new { l.PhoneNormalized, l.Name }).ToListAsync(cancellationToken))
            {
                existing.TryAdd("phone:" + hit.PhoneNormalized, hit.Name);
            }
        }

        foreach (var row in rows)
        {
            foreach (var (field, key) in row.Keys())
            {
                if (existing.TryGetValue(key, out var name))
                {
                    errors.Add(new LeadImportError(row.Line, field, $"An open lead with this {field} already exists: '{name}'."));
                    bad.Add(row.Line);
                }
            }
        }
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>One CSV row as lead fields.</summary>
    internal sealed class ImportRow : ILeadFields
    {
        public int Line { get; private init; }

        public string? Name { get; private init; }

        public string? Company { get; private init; }

        public string? JobTitle { get; private init; }

        public string? Email { get; private init; }

        public string? Phone { get; private init; }

        public string? Industry { get; private init; }

        public string? Territory { get; private init; }

        public string? City { get; private init; }

        public string? Notes { get; private init; }

        public Guid? BranchId { get; private init; }

        public string? Source { get; private init; }

        public Guid? OwnerId { get; private init; }

        public static ImportRow From(int line, Func<string, string?> cell, List<LeadImportError> errors)
        {
            string? Text(string column) => cell(column) is { Length: > 0 } v ? v : null;

            Guid? Id(string column)
            {
                var text = Text(column);
                if (text is null)
                {
                    return null;
                }

                if (Guid.TryParse(text, out var id) && id != Guid.Empty)
                {
                    return id;
                }

                errors.Add(new LeadImportError(line, column, $"'{text}' is not a valid id."));
                return null;
            }

            return new ImportRow
            {
                Line = line,
                Name = Text("name"),
                Company = Text("company"),
                JobTitle = Text("jobTitle"),
                Email = Text("email"),
                Phone = Text("phone"),
                Industry = Text("industry"),
                Territory = Text("territory"),
                City = Text("city"),
                Notes = Text("notes"),
                BranchId = Id("branchId"),
                Source = Text("source"),
                OwnerId = Id("ownerId"),
            };
        }

        public IEnumerable<(string Field, string Key)> Keys()
        {
            if (Normalize.Email(Email) is { } email)
            {
                yield return ("email", "email:" + email);
            }

            if (Normalize.Phone(Phone) is { } phone)
            {
                yield return ("phone", "phone:" + phone);
            }
        }
    }
}

internal static class ImportLeadsEndpoint
{
    private const long MaxFileBytes = 16 * 1024 * 1024;

    internal static RouteHandlerBuilder MapImportLeads(this IEndpointRouteBuilder app) =>
        app.MapPost("/leads/import", Handle)
            .WithName("ImportLeads")
            .RequireAuthorization(CrmPolicies.FunnelImport)
            .WithSummary($"Import leads from CSV (multipart field 'file' or a text/csv body; columns name, company, jobTitle, email, phone, industry, territory, city, notes, branchId, source, ownerId). A file with bad or duplicate rows imports nothing unless skipInvalid=true; dryRun=true only validates; campaignId attributes them to a campaign")
            .AcceptsImportFile()
            .Produces<LeadImportReport>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxFileBytes));

    private static Task<IResult> Handle(HttpRequest request, bool? skipInvalid, bool? dryRun, Guid? campaignId, IMediator mediator, CancellationToken cancellationToken) =>
        CsvUpload.ImportAsync(request, MaxFileBytes, text => mediator.Send(new ImportLeadsCommand(text, skipInvalid ?? false, dryRun ?? false, campaignId), cancellationToken), cancellationToken);
}

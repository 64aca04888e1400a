using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.CustomFields;
using Crm.Accounts.Domain;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Auditing;
using Crm.BuildingBlocks.Csv;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Accounts.Features.ImportAccounts;

/// <summary>
/// Imports accounts from CSV. Every row is validated first; a file with any bad row imports nothing unless
/// <see cref="SkipInvalid"/> is set, in which case the good rows are imported and the bad ones reported.
/// </summary>
internal sealed record ImportAccountsCommand(TextReader Csv, bool SkipInvalid, bool DryRun) : IRequest<ImportReport>;

internal sealed record ImportReport(int TotalRows, int ValidRows, int Imported, int Skipped, bool DryRun, IReadOnlyList<ImportRowError> Errors) : ICsvImportReport
{
    int ICsvImportReport.ErrorCount => Errors.Count;

    /// <summary>True when nothing was imported because of errors.</summary>
    public bool Rejected => Errors.Count > 0 && Imported == 0 && !DryRun;
}

/// <summary>A problem in one CSV row; <see cref="Line"/> is the line number in the file (the header is line 1).</summary>
internal sealed record ImportRowError(int Line, string? Field, string Message);

internal sealed class ImportAccountsHandler(AccountsDbContext db, ICurrentUser user, TimeProvider clock, IOptions<MoneyOptions> money, CustomFieldValues customFields, IDictionaries dictionaries)
    : IRequestHandler<ImportAccountsCommand, ImportReport>
{
    internal const int MaxRows = 200_000;
    private const int ChunkSize = 2_000;
    private readonly AccountFieldsValidator _fieldsValidator = new(dictionaries);

    public async Task<ImportReport> Handle(ImportAccountsCommand command, CancellationToken cancellationToken)
    {
        var fields = await CustomFieldValues.DefinitionsAsync(db, AccountFields.CustomFieldEntity, includeRetired: false, cancellationToken);
        var (rows, errors, total) = Parse(command.Csv, fields);
        if (errors.Any(e => e.Line <= 1))
        {
            return new ImportReport(total, 0, 0, 0, command.DryRun, errors);
        }

        var valid = await ValidateAsync(rows, fields, errors, cancellationToken);
        var skipped = total - valid.Count;
        if (command.DryRun || (errors.Count > 0 && !command.SkipInvalid) || valid.Count == 0)
        {
            return new ImportReport(total, valid.Count, 0, skipped, command.DryRun, errors);
        }

        await ImportAsync(valid, cancellationToken);
        return new ImportReport(total, valid.Count, valid.Count, skipped, false, errors);
    }

    private static (List<ImportRow> Rows, List<ImportRowError> Errors, int Records) Parse(TextReader csv, IReadOnlyList<CustomFieldDefinition> fields)
    {
        var records = 0;
        var rows = new List<ImportRow>();
        var errors = new List<ImportRowError>();
        var reader = new CsvReader(csv);
        try
        {
            var header = reader.ReadRecord();
            if (header is null)
            {
                errors.Add(new ImportRowError(1, null, "The file is empty. The first line must name the columns, e.g. name,email,phone."));
                return (rows, errors, records);
            }

            var columns = header.Value.Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
            // Custom fields are cf.<key> columns, as the export writes them (ADR 0121).
            var customColumns = fields.Select(f => CustomFieldValues.Prefix + f.Key).ToList();
            var known = AccountCsv.EditableColumns.Concat(AccountCsv.ReadOnlyColumns).Concat(customColumns).ToList();
            var unknown = columns.Where(c => c.Length > 0 && !known.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
            {
                errors.Add(new ImportRowError(1, unknown[0], $"Unknown column(s): {string.Join(", ", unknown)}. Known columns: {string.Join(", ", AccountCsv.EditableColumns)}."));
            }

            if (!columns.Contains("name", StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new ImportRowError(1, "name", "The header has no 'name' column."));
            }

            var duplicateColumn = columns.Where(c => c.Length > 0).GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicateColumn is not null)
            {
                errors.Add(new ImportRowError(1, duplicateColumn.Key, $"Column '{duplicateColumn.Key}' appears twice."));
            }

            if (errors.Count > 0)
            {
                return (rows, errors, records);
            }

            var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.OrdinalIgnoreCase);
            while (reader.ReadRecord() is { } record)
            {
                if (record.Fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                records++;
                if (rows.Count >= MaxRows)
                {
                    errors.Add(new ImportRowError(record.Line, null, $"The file has more than {MaxRows:N0} rows; split it."));
                    break;
                }

                if (record.Fields.Count != columns.Count)
                {
                    errors.Add(new ImportRowError(record.Line, null, $"The row has {record.Fields.Count} fields but the header has {columns.Count}."));
                    continue;
                }

                string? Cell(string name) => index.TryGetValue(name, out var i) ? CsvWriter.Unguard(record.Fields[i].Trim()) : null;
                var row = ImportRow.From(record.Line, Cell, errors);
                row.Custom = fields.Select(f => (f.Key, Text: Cell(CustomFieldValues.Prefix + f.Key)))
                    .Where(c => !string.IsNullOrEmpty(c.Text))
                    .ToDictionary(c => c.Key, c => JsonSerializer.SerializeToElement(c.Text));
                rows.Add(row);
            }
        }
        catch (CsvFormatException ex)
        {
            errors.Add(new ImportRowError(ex.Line, null, ex.Message));
        }

        return (rows, errors, records);
    }

    private async Task<List<ImportRow>> ValidateAsync(List<ImportRow> rows, IReadOnlyList<CustomFieldDefinition> fields, List<ImportRowError> errors, CancellationToken cancellationToken)
    {
        var badLines = errors.Select(e => e.Line).ToHashSet();
        foreach (var row in rows)
        {
            // The same checks as a single create (type, required, dictionary codes), reported on the cf.<key> column.
            var parsed = await customFields.ParseAsync(fields, row.Custom, creating: true, cancellationToken);
            row.CustomValues = parsed.Values;
            foreach (var failure in parsed.Errors)
            {
                errors.Add(new ImportRowError(row.Line, CustomFieldValues.Prefix + failure.PropertyName["custom.".Length..], failure.ErrorMessage));
                badLines.Add(row.Line);
            }

            var result = await _fieldsValidator.ValidateAsync(row, cancellationToken);
            foreach (var failure in result.Errors)
            {
                errors.Add(new ImportRowError(row.Line, Camel(failure.PropertyName), failure.ErrorMessage));
                badLines.Add(row.Line);
            }

            if (!AccountFields.IsEnumOrEmpty<LifecycleStage>(row.Stage))
            {
                errors.Add(new ImportRowError(row.Line, "stage", $"Stage must be one of {AccountFields.Names<LifecycleStage>()}."));
                badLines.Add(row.Line);
            }
            else if (string.Equals(row.Stage, nameof(LifecycleStage.Lost), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new ImportRowError(row.Line, "stage", "Imported accounts cannot start as Lost."));
                badLines.Add(row.Line);
            }
        }

        var candidates = rows.Where(r => !badLines.Contains(r.Line)).ToList();
        await FindDuplicatesAsync(candidates, errors, badLines, cancellationToken);
        await FindTakenUniqueValuesAsync(candidates, fields, errors, badLines, cancellationToken);
        errors.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : string.CompareOrdinal(a.Field, b.Field));
        return candidates.Where(r => !badLines.Contains(r.Line)).ToList();
    }

    /// <summary>Duplicates within the file and against stored accounts, with the same keys as a single create.</summary>
    private async Task FindDuplicatesAsync(List<ImportRow> rows, List<ImportRowError> errors, HashSet<int> badLines, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, int>();
        foreach (var row in rows)
        {
            foreach (var (field, key) in row.Keys())
            {
                if (seen.TryGetValue(key, out var firstLine))
                {
                    errors.Add(new ImportRowError(row.Line, field, $"Same {field} as line {firstLine} of this file."));
                    badLines.Add(row.Line);
                }
                else
                {
                    seen[key] = row.Line;
                }
            }
        }

        var taxIds = rows.Select(r => Normalize.TaxId(r.TaxId)).OfType<string>().Distinct().ToList();
        var emails = rows.Select(r => Normalize.Email(r.Email)).OfType<string>().Distinct().ToList();
        var phones = rows.Select(r => Normalize.Phone(r.Phone)).OfType<string>().Distinct().ToList();
        var existing = new Dictionary<string, string>();
        foreach (var chunk in taxIds.Chunk(500))
        {
            foreach (var hit in await db.Accounts.AsNoTracking().Where(a => chunk.Contains(a.TaxIdNormalized!)).Select(a => new { a.TaxIdNormalized, a.Name }).ToListAsync(cancellationToken))
            {
                existing.TryAdd("taxId:" + hit.TaxIdNormalized, hit.Name);
            }
        }

        foreach (var chunk in emails.Chunk(500))
        {
            foreach (var hit in await db.Accounts.AsNoTracking().Where(a => chunk.Contains(a.EmailNormalized!)).Select(a => new { a.EmailNormalized, a.Name }).ToListAsync(cancellationToken))
            {
                existing.TryAdd("email:" + hit.EmailNormalized, hit.Name);
            }
        }

        foreach (var chunk in phones.Chunk(500))
        {
            foreach (var hit in await db.Accounts.AsNoTracking().Where(a => chunk.Contains(a.PhoneNormalized!)).Select(a => new { a.PhoneNormalized, a.Name }).ToListAsync(cancellationToken))
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
                    errors.Add(new ImportRowError(row.Line, field, $"An account with this {field} already exists: '{name}'."));
                    badLines.Add(row.Line);
                }
            }
        }
    }

    /// <summary>Values of unique custom fields used twice in the file or already held by a stored account.</summary>
    private async Task FindTakenUniqueValuesAsync(
        List<ImportRow> rows, IReadOnlyList<CustomFieldDefinition> fields, List<ImportRowError> errors, HashSet<int> badLines, CancellationToken cancellationToken)
    {
        foreach (var field in fields.Where(f => f.Unique))
        {
            var column = CustomFieldValues.Prefix + field.Key;
            var keyed = rows
                .Select(r => (Row: r, Key: r.CustomValues.TryGetValue(field, out var v) && v.Count > 0 ? v[0].UniqueKey : null))
                .Where(x => x.Key is not null)
                .ToList();
            var taken = await CustomFieldValues.TakenAsync(db, AccountFields.CustomFieldEntity, field.Key, keyed.Select(x => x.Key!).ToList(), cancellationToken);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (row, key) in keyed)
            {
                if (taken.Contains(key!))
                {
                    errors.Add(new ImportRowError(row.Line, column, $"Another record already has this value in '{field.LabelEnglish}'."));
                    badLines.Add(row.Line);
                }
                else if (!seen.TryAdd(key!, row.Line))
                {
                    errors.Add(new ImportRowError(row.Line, column, $"Same {column} as line {seen[key!]} of this file."));
                    badLines.Add(row.Line);
                }
            }
        }
    }

    private async Task ImportAsync(List<ImportRow> rows, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var by = user.Id;
        // One audit entry for the whole file instead of one per row; each account still carries CreatedBy/CreatedAt.
        db.AuditSuppressed = true;
        // One transaction for the whole file: a crash or error half-way leaves no partial import behind.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in rows.Chunk(ChunkSize))
        {
            var accounts = new List<Account>(chunk.Length);
            foreach (var row in chunk)
            {
                var details = await AccountFields.ToDetails(row, money.Value.CompanyCurrency).WithDictionaryCodesAsync(dictionaries, cancellationToken);
                accounts.Add(Account.Create(details, AccountFields.ParseOr(row.Stage, LifecycleStage.ToIdentify), row.OwnerId, by, now));
            }
            await db.BulkInsertAsync(accounts, cancellationToken);
            await db.BulkInsertAsync(accounts.Select(a => a.InitialStageChange()).ToList(), cancellationToken);
            var values = chunk.Zip(accounts).SelectMany(x => CustomFieldValues.NewRows(AccountFields.CustomFieldEntity, x.Second.Id, x.First.CustomValues)).ToList();
            if (values.Count > 0)
            {
                await db.BulkInsertAsync(values, cancellationToken);
            }
        }

        db.AuditEntries.Add(new AuditEntry
        {
            SubjectId = Guid.Empty,
            Entity = nameof(Account),
            EntityId = "",
            Action = "Imported",
            Changes = $"{{\"count\":{rows.Count}}}",
            By = by,
            AtUtc = now,
        });
        await db.SaveChangesAsync(cancellationToken);

        await transaction.CommitAsync(cancellationToken);
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>One CSV row as account fields.</summary>
internal sealed class ImportRow : IAccountFields
{
    public int Line { get; private init; }

    public string? Name { get; private init; }

    public string? Kind { get; private init; }

    public string? Type { get; private init; }

    public string? PartnerType { get; private init; }

    public string? Source { get; private init; }

    public string? Industry { get; private init; }

    public string? CustomerLevel { get; private init; }

    public string? TaxId { get; private init; }

    public string? Email { get; private init; }

    public string? Phone { get; private init; }

    public string? Website { get; private init; }

    public string? City { get; private init; }

    public string? Address { get; private init; }

    public string? Notes { get; private init; }

    public Guid? BranchId { get; private init; }

    public decimal? CreditLimit { get; private init; }

    public string? Currency { get; private init; }

    public string? CreditStatus { get; private init; }

    public IReadOnlyList<string>? Tags { get; private init; }

    public string? Stage { get; private init; }

    public Guid? OwnerId { get; private init; }

    /// <summary>The row's cf.&lt;key&gt; cells as the JSON strings a create would send.</summary>
    public IReadOnlyDictionary<string, JsonElement> Custom { get; set; } = new Dictionary<string, JsonElement>();

    /// <summary>The custom values once validated, written beside the account.</summary>
    public IReadOnlyDictionary<CustomFieldDefinition, IReadOnlyList<CustomFieldValue>> CustomValues { get; set; } =
        new Dictionary<CustomFieldDefinition, IReadOnlyList<CustomFieldValue>>();

    public static ImportRow From(int line, Func<string, string?> cell, List<ImportRowError> errors)
    {
        string? Text(string column) => cell(column) is { Length: > 0 } v ? v : null;

        Guid? Id(string column)
        {
            var text = Text(column);
            if (text is null)
            {
                return null;
            }

            if (Guid.TryParse(text, out var id))
            {
                return id;
            }

            errors.Add(new ImportRowError(line, column, $"'{text}' is not a valid id."));
            return null;
        }

        decimal? Money(string column)
        {
            var text = Text(column);
            if (text is null)
            {
                return null;
            }

            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            errors.Add(new ImportRowError(line, column, $"'{text}' is not a number (use a dot for decimals, e.g. 15000.50)."));
            return null;
        }

        return new ImportRow
        {
            Line = line,
            Name = Text("name"),
            Kind = Text("kind"),
            Type = Text("type"),
            PartnerType = Text("partnerType"),
            Stage = Text("stage"),
            Source = Text("source"),
            Industry = Text("industry"),
            CustomerLevel = Text("customerLevel"),
            TaxId = Text("taxId"),
            Email = Text("email"),
            Phone = Text("phone"),
            Website = Text("website"),
            City = Text("city"),
            Address = Text("address"),
            Notes = Text("notes"),
            OwnerId = Id("ownerId"),
            BranchId = Id("branchId"),
            CreditLimit = Money("creditLimit"),
            Currency = Text("currency"),
            CreditStatus = Text("creditStatus"),
            Tags = Text("tags")?.Split(AccountCsv.TagSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }

    public IEnumerable<(string Field, string Key)> Keys()
    {
        if (Normalize.TaxId(TaxId) is { } taxId)
        {
            yield return ("taxId", "taxId:" + taxId);
        }

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

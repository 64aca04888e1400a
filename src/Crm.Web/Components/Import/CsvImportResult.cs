namespace Crm.Web.Components.Import;

/// <summary>What a module's import request answered, in the terms <see cref="CsvImport"/> shows.</summary>
/// <param name="TotalRows">Data rows in the file.</param>
/// <param name="ValidRows">Rows that pass every check.</param>
/// <param name="Imported">Rows written (0 for a check).</param>
/// <param name="Skipped">Rows left out.</param>
/// <param name="DryRun">True when nothing was meant to be written (the check).</param>
/// <param name="Errors">Every problem, by line (1 = the header) and column.</param>
public sealed record CsvImportResult(int TotalRows, int ValidRows, int Imported, int Skipped, bool DryRun, IReadOnlyList<CsvImportError> Errors);

/// <summary>One problem of one row.</summary>
public sealed record CsvImportError(int Line, string? Field, string Message);

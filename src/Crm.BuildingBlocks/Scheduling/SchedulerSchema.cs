using System.Text;

namespace Crm.BuildingBlocks.Scheduling;

/// <summary>
/// The tables Quartz's ADO.NET job store reads and writes (Quartz 4.7), described once and rendered for SQLite and SQL
/// Server. We create them ourselves instead of letting Quartz provision them (ADR 0017): the schema is then part of
/// our start-up migration, of the <c>migrate</c> verb and of the <c>script</c> verb a DBA reviews, like every module's.
/// </summary>
/// <remarks>
/// The table and column facts come from Quartz's documented schema; the optional execution-history tables
/// (<c>UseExecutionHistory()</c>) are left out because we do not turn that feature on. SQL Server column types follow
/// Quartz's exactly, because its readers are type-strict there; SQLite only needs the same type affinities.
/// <c>SchedulerSchemaTests</c> compares this against the schema Quartz itself would create, so a Quartz upgrade that
/// adds a column fails a test instead of a production start.
/// </remarks>
internal static class SchedulerSchema
{
    public const string TablePrefix = "QRTZ_";

    /// <summary>The SQL Server and PostgreSQL schema, like a module's (<c>scheduler.QRTZ_TRIGGERS</c>).</summary>
    public const string SqlServerSchema = "scheduler";

    /// <summary>What /api/modules lists as the applied "migration": the Quartz schema generation these tables are.</summary>
    public const string Version = "Quartz_4.7_schema";

    public static IReadOnlyList<Table> Tables { get; } = BuildTables();

    public static IReadOnlyList<Index> Indexes { get; } =
    [
        new("JOB_DETAILS", "GROUP", ["SCHED_NAME", "JOB_GROUP", "JOB_NAME"]),
        new("TRIGGERS", "JOB", ["SCHED_NAME", "JOB_NAME", "JOB_GROUP"]),
        new("TRIGGERS", "GROUP", ["SCHED_NAME", "TRIGGER_GROUP", "TRIGGER_NAME"]),
        new("TRIGGERS", "CALENDAR", ["SCHED_NAME", "CALENDAR_NAME"]),
        // The acquisition query: waiting triggers by next fire time, then priority.
        new("TRIGGERS", "NEXT_FIRE", ["SCHED_NAME", "TRIGGER_STATE", "NEXT_FIRE_TIME", "PRIORITY DESC", "MISFIRE_INSTR"]),
        new("FIRED_TRIGGERS", "RECOVERY", ["SCHED_NAME", "INSTANCE_NAME", "REQUESTS_RECOVERY"]),
        new("FIRED_TRIGGERS", "JOB", ["SCHED_NAME", "JOB_NAME", "JOB_GROUP"]),
        new("FIRED_TRIGGERS", "TRIGGER", ["SCHED_NAME", "TRIGGER_NAME", "TRIGGER_GROUP"]),
    ];

    /// <summary>SQLite: every statement creates only what is missing, so it runs at every start-up.</summary>
    public static IReadOnlyList<string> SqliteStatements()
    {
        var statements = new List<string>();
        foreach (var table in Tables)
        {
            var lines = table.Columns.Select(c => $"  {c.Name} {SqliteType(c)}{(c.Nullable ? " NULL" : " NOT NULL")}{Default(c)}").ToList();
            lines.Add($"  PRIMARY KEY ({string.Join(", ", table.Key)})");
            if (table.Parent is { } parent)
            {
                lines.Add($"  FOREIGN KEY ({string.Join(", ", parent.Columns)}) REFERENCES {TablePrefix}{parent.Table} ({string.Join(", ", parent.Columns)})" +
                          (parent.CascadeDelete ? " ON DELETE CASCADE" : ""));
            }

            statements.Add($"CREATE TABLE IF NOT EXISTS {TablePrefix}{table.Name} (\n{string.Join(",\n", lines)}\n)");
        }

        // Foreign keys are off on Quartz's own SQLite connections, so the cascades are spelled out as triggers.
        foreach (var child in Tables.Where(t => t.Parent is { CascadeDelete: true }))
        {
            var key = string.Join(" AND ", child.Parent!.Columns.Select(c => $"{c} = OLD.{c}"));
            statements.Add($"CREATE TRIGGER IF NOT EXISTS {TablePrefix}{child.Name}_CASCADE AFTER DELETE ON {TablePrefix}{child.Parent.Table}\n" +
                           $"BEGIN\n  DELETE FROM {TablePrefix}{child.Name} WHERE {key};\nEND");
        }

        statements.AddRange(Indexes.Select(i => $"CREATE INDEX IF NOT EXISTS {i.Name} ON {TablePrefix}{i.Table} ({string.Join(", ", i.Columns)})"));
        return statements;
    }

    /// <summary>SQL Server: the schema, each table and each index guarded by an existence check, so it runs again safely.</summary>
    public static IReadOnlyList<string> SqlServerStatements()
    {
        var statements = new List<string>
        {
            $"IF SCHEMA_ID(N'{SqlServerSchema}') IS NULL EXEC(N'CREATE SCHEMA [{SqlServerSchema}]');",
        };
        foreach (var table in Tables)
        {
            var name = SqlServerName(table.Name);
            var lines = table.Columns.Select(c => $"        [{c.Name}] {SqlServerType(c)}{(c.Nullable ? " NULL" : " NOT NULL")}{Default(c)}").ToList();
            lines.Add($"        CONSTRAINT [PK_{TablePrefix}{table.Name}] PRIMARY KEY ({Bracketed(table.Key)})");
            if (table.Parent is { } parent)
            {
                lines.Add($"        CONSTRAINT [FK_{TablePrefix}{table.Name}_{parent.Table}] FOREIGN KEY ({Bracketed(parent.Columns)}) " +
                          $"REFERENCES {SqlServerName(parent.Table)} ({Bracketed(parent.Columns)})" + (parent.CascadeDelete ? " ON DELETE CASCADE" : ""));
            }

            statements.Add($"IF OBJECT_ID(N'{name}', N'U') IS NULL\nBEGIN\n    CREATE TABLE {name} (\n{string.Join(",\n", lines)}\n    );\nEND;");
        }

        foreach (var index in Indexes)
        {
            var table = SqlServerName(index.Table);
            var columns = string.Join(", ", index.Columns.Select(c => c.EndsWith(" DESC", StringComparison.Ordinal) ? $"[{c[..^5]}] DESC" : $"[{c}]"));
            statements.Add($"IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{index.Name}' AND object_id = OBJECT_ID(N'{table}'))\n" +
                           $"    CREATE INDEX [{index.Name}] ON {table} ({columns});");
        }

        return statements;
    }

    /// <summary>
    /// PostgreSQL: Quartz's own provisioning script (embedded in Quartz, every statement "if not exists"), rendered
    /// with our prefix <c>scheduler.QRTZ_</c>. Unlike SQLite and SQL Server, Quartz ships a generated, re-runnable
    /// script for PostgreSQL whose column types its PostgreSQL delegate was written against, so we run that instead of
    /// a description of our own (ADR 0062). A Quartz upgrade that renames the resource fails start-up and a test.
    /// </summary>
    public static IReadOnlyList<string> PostgreSqlStatements()
    {
        using var stream = typeof(Quartz.Impl.AdoJobStore.PostgreSQLDelegate).Assembly.GetManifestResourceStream(PostgreSqlResource)
                           ?? throw new InvalidOperationException($"Quartz no longer embeds {PostgreSqlResource}: check the PostgreSQL scheduler schema after the Quartz upgrade.");
        using var reader = new StreamReader(stream);
        // Quartz's placeholders: {0} the table prefix with its schema, {1} the prefix alone (index and constraint names).
        var script = reader.ReadToEnd()
            .Replace("{0}", $"{SqlServerSchema}.{TablePrefix}", StringComparison.Ordinal)
            .Replace("{1}", TablePrefix, StringComparison.Ordinal);
        var statements = new List<string> { $"CREATE SCHEMA IF NOT EXISTS {SqlServerSchema}" };
        statements.AddRange(script.Split("\n--;;", StringSplitOptions.TrimEntries)
            .Select(s => string.Join('\n', s.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(s => s.Length > 0));
        return statements;
    }

    /// <summary>The name of Quartz's PostgreSQL provisioning script inside Quartz.dll.</summary>
    public const string PostgreSqlResource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    /// <summary>The script of the <c>script</c> verb: the statements as batches a DBA can run in SSMS or sqlcmd.</summary>
    public static string SqlServerScript()
    {
        var script = new StringBuilder();
        script.AppendLine($"-- Quartz job store tables of Crm.Modular ({Version}), schema [{SqlServerSchema}]. Safe to run again.");
        foreach (var statement in SqlServerStatements())
        {
            script.AppendLine(statement).AppendLine("GO").AppendLine();
        }

        return script.ToString();
    }

    public static string SqlServerName(string table) => $"[{SqlServerSchema}].[{TablePrefix}{table}]";

    private static string Bracketed(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"[{c}]"));

    private static string Default(Column column) => column.Default is null ? "" : $" DEFAULT {column.Default}";

    private static string SqliteType(Column column) => column.Type switch
    {
        ColumnType.Text => $"NVARCHAR({column.Length})",
        ColumnType.Int => "INTEGER",
        ColumnType.BigInt => "BIGINT",
        ColumnType.Bool => "BIT",
        ColumnType.Decimal => "NUMERIC",
        ColumnType.Blob => "BLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    private static string SqlServerType(Column column) => column.Type switch
    {
        ColumnType.Text => $"nvarchar({column.Length})",
        ColumnType.Int => "int",
        ColumnType.BigInt => "bigint",
        ColumnType.Bool => "bit",
        ColumnType.Decimal => "numeric(13,4)",
        ColumnType.Blob => "varbinary(max)",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    private static List<Table> BuildTables()
    {
        // Names and groups of jobs and triggers, and who the row belongs to: every table is keyed by scheduler name.
        Column Sched() => Text("SCHED_NAME", 120);
        Column TriggerName() => Text("TRIGGER_NAME", 150);
        Column TriggerGroup() => Text("TRIGGER_GROUP", 150);
        string[] triggerKey = ["SCHED_NAME", "TRIGGER_NAME", "TRIGGER_GROUP"];
        var ofTrigger = new ForeignKey("TRIGGERS", triggerKey, CascadeDelete: true);

        return
        [
            new("JOB_DETAILS",
                [
                    Sched(), Text("JOB_NAME", 150), Text("JOB_GROUP", 150), Text("DESCRIPTION", 250, nullable: true),
                    Text("JOB_CLASS_NAME", 250), Flag("IS_DURABLE"), Flag("IS_NONCONCURRENT"), Flag("IS_UPDATE_DATA"),
                    Flag("REQUESTS_RECOVERY"), Bytes("JOB_DATA"),
                ],
                ["SCHED_NAME", "JOB_NAME", "JOB_GROUP"]),
            new("TRIGGERS",
                [
                    Sched(), TriggerName(), TriggerGroup(), Text("JOB_NAME", 150), Text("JOB_GROUP", 150),
                    Text("DESCRIPTION", 250, nullable: true), Long("NEXT_FIRE_TIME", nullable: true), Long("PREV_FIRE_TIME", nullable: true),
                    Number("PRIORITY", nullable: true), Text("TRIGGER_STATE", 16), Text("TRIGGER_TYPE", 8), Long("START_TIME"),
                    Long("END_TIME", nullable: true), Text("CALENDAR_NAME", 200, nullable: true), Number("MISFIRE_INSTR", nullable: true),
                    Long("MISFIRE_ORIG_FIRE_TIME", nullable: true), Text("EXECUTION_GROUP", 200, nullable: true),
                    Text("PREFERRED_NODE", 200, nullable: true), Flag("PREFERRED_NODE_AUTO") with { Default = "0" },
                    Text("RETRY_POLICY", 250, nullable: true), Number("RETRY_ATTEMPT", nullable: true),
                    Text("CONTINUES_TRIGGER_NAME", 150, nullable: true), Text("CONTINUES_TRIGGER_GROUP", 150, nullable: true),
                    Number("CONTINUATION_CONDITION", nullable: true), Number("OVERLAP_POLICY", nullable: true),
                    Text("PAUSE_REASON", 250, nullable: true), Text("PAUSED_BY", 200, nullable: true), Long("PAUSED_AT", nullable: true),
                    Long("MISFIRE_THRESHOLD", nullable: true), Flag("FIXED_DELAY", nullable: true), Bytes("JOB_DATA"),
                ],
                triggerKey,
                new ForeignKey("JOB_DETAILS", ["SCHED_NAME", "JOB_NAME", "JOB_GROUP"], CascadeDelete: false)),
            new("SIMPLE_TRIGGERS",
                [Sched(), TriggerName(), TriggerGroup(), Number("REPEAT_COUNT"), Long("REPEAT_INTERVAL"), Number("TIMES_TRIGGERED")],
                triggerKey, ofTrigger),
            new("CRON_TRIGGERS",
                [Sched(), TriggerName(), TriggerGroup(), Text("CRON_EXPRESSION", 120), Text("TIME_ZONE_ID", 80, nullable: true)],
                triggerKey, ofTrigger),
            new("SIMPROP_TRIGGERS",
                [
                    Sched(), TriggerName(), TriggerGroup(),
                    Text("STR_PROP_1", 512, nullable: true), Text("STR_PROP_2", 512, nullable: true), Text("STR_PROP_3", 512, nullable: true),
                    Number("INT_PROP_1", nullable: true), Number("INT_PROP_2", nullable: true),
                    Long("LONG_PROP_1", nullable: true), Long("LONG_PROP_2", nullable: true),
                    new("DEC_PROP_1", ColumnType.Decimal, Nullable: true), new("DEC_PROP_2", ColumnType.Decimal, Nullable: true),
                    Flag("BOOL_PROP_1", nullable: true), Flag("BOOL_PROP_2", nullable: true), Text("TIME_ZONE_ID", 80, nullable: true),
                ],
                triggerKey, ofTrigger),
            new("BLOB_TRIGGERS", [Sched(), TriggerName(), TriggerGroup(), Bytes("BLOB_DATA")], triggerKey, ofTrigger),
            new("CALENDARS", [Sched(), Text("CALENDAR_NAME", 200), Bytes("CALENDAR", nullable: false)], ["SCHED_NAME", "CALENDAR_NAME"]),
            new("PAUSED_TRIGGER_GRPS",
                [Sched(), TriggerGroup(), Text("PAUSE_REASON", 250, nullable: true), Text("PAUSED_BY", 200, nullable: true), Long("PAUSED_AT", nullable: true)],
                ["SCHED_NAME", "TRIGGER_GROUP"]),
            new("PAUSED_JOB_GRPS",
                [Sched(), Text("JOB_GROUP", 150), Text("PAUSE_REASON", 250, nullable: true), Text("PAUSED_BY", 200, nullable: true), Long("PAUSED_AT", nullable: true)],
                ["SCHED_NAME", "JOB_GROUP"]),
            new("FIRED_TRIGGERS",
                [
                    Sched(), Text("ENTRY_ID", 140), TriggerName(), TriggerGroup(), Text("INSTANCE_NAME", 200), Long("FIRED_TIME"),
                    Long("SCHED_TIME"), Number("PRIORITY"), Text("STATE", 16), Text("JOB_NAME", 150, nullable: true),
                    Text("JOB_GROUP", 150, nullable: true), Flag("IS_NONCONCURRENT", nullable: true), Flag("REQUESTS_RECOVERY", nullable: true),
                    Text("EXECUTION_GROUP", 200, nullable: true), Number("PROGRESS", nullable: true), Text("PROGRESS_MESSAGE", 250, nullable: true),
                    Long("INTERRUPT_REQUESTED_TIME", nullable: true),
                ],
                ["SCHED_NAME", "ENTRY_ID"]),
            new("SCHEDULER_STATE",
                [Sched(), Text("INSTANCE_NAME", 200), Long("LAST_CHECKIN_TIME"), Long("CHECKIN_INTERVAL"), Text("QUARTZ_VERSION", 20, nullable: true)],
                ["SCHED_NAME", "INSTANCE_NAME"]),
            new("LOCKS", [Sched(), Text("LOCK_NAME", 40)], ["SCHED_NAME", "LOCK_NAME"]),
        ];
    }

    private static Column Text(string name, int length, bool nullable = false) => new(name, ColumnType.Text, nullable, length);

    private static Column Number(string name, bool nullable = false) => new(name, ColumnType.Int, nullable);

    private static Column Long(string name, bool nullable = false) => new(name, ColumnType.BigInt, nullable);

    private static Column Flag(string name, bool nullable = false) => new(name, ColumnType.Bool, nullable);

    private static Column Bytes(string name, bool nullable = true) => new(name, ColumnType.Blob, nullable);

    internal enum ColumnType
    {
        Text,
        Int,
        BigInt,
        Bool,
        Decimal,
        Blob,
    }

    internal sealed record Column(string Name, ColumnType Type, bool Nullable = false, int Length = 0, string? Default = null);

    /// <summary>A table keyed by <see cref="Key"/>; <see cref="Parent"/> is the row it belongs to (a trigger's job, a trigger's details).</summary>
    internal sealed record Table(string Name, IReadOnlyList<Column> Columns, IReadOnlyList<string> Key, ForeignKey? Parent = null);

    internal sealed record ForeignKey(string Table, IReadOnlyList<string> Columns, bool CascadeDelete);

    /// <summary>An index on <c>QRTZ_{Table}</c>; a column ending in " DESC" is sorted descending.</summary>
    internal sealed record Index(string Table, string Suffix, IReadOnlyList<string> Columns)
    {
        public string Name => $"IX_{TablePrefix}{Table}_{Suffix}";
    }
}

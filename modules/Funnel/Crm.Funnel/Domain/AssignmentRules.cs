namespace Crm.Funnel.Domain;

/// <summary>
/// Rule-based assignment as a process owner writes it in the designer, one rule per line, first match wins:
/// <code>
/// industry=Retail, territory=East -> 5a1e0000-0000-4000-8000-000000000001
/// branch=b2a0c000-0000-4000-8000-000000000002 -> queue:Shenzhen inside sales
/// source=Website -> 5a1e0000-0000-4000-8000-000000000003
/// * -> queue:Unassigned leads
/// </code>
/// Conditions (all must hold) compare a lead field with a value, case-insensitively: industry, territory, city,
/// branch, source, company. <c>*</c> (or nothing) before the arrow matches every lead. The target is a user id or
/// <c>queue:</c> and a queue name. Lines starting with <c>#</c> are comments.
/// </summary>
internal sealed class AssignmentRules
{
    private static readonly string[] KnownFields = ["industry", "territory", "city", "branch", "source", "company"];

    private AssignmentRules(IReadOnlyList<Rule> rules) => Rules = rules;

    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>Parses the rules; a line that cannot be read fails with a message naming the line and what is wrong.</summary>
    public static AssignmentRules Parse(string? text)
    {
        var rules = new List<Rule>();
        var lines = (text ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var arrow = line.IndexOf("->", StringComparison.Ordinal);
            if (arrow < 0)
            {
                throw new FormatException($"Rule line {i + 1} has no '->': write 'industry=Retail -> <user id>' or '... -> queue:<name>'.");
            }

            var conditions = new List<(string Field, string Value)>();
            var left = line[..arrow].Trim();
            if (left is not ("" or "*"))
            {
                foreach (var part in left.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var eq = part.IndexOf('=', StringComparison.Ordinal);
                    var field = eq < 0 ? "" : part[..eq].Trim().ToLowerInvariant();
                    if (eq < 0 || !KnownFields.Contains(field))
                    {
                        throw new FormatException($"Rule line {i + 1}: '{part}' is not a condition; use one of {string.Join(", ", KnownFields)} as in 'industry=Retail'.");
                    }

                    conditions.Add((field, part[(eq + 1)..].Trim()));
                }
            }

            var right = line[(arrow + 2)..].Trim();
            if (right.StartsWith("queue:", StringComparison.OrdinalIgnoreCase))
            {
                var queue = right["queue:".Length..].Trim();
                if (queue.Length is 0 or > 100)
                {
                    throw new FormatException($"Rule line {i + 1}: a queue name has 1 to 100 characters.");
                }

                rules.Add(new Rule(conditions, null, queue));
            }
            else if (Guid.TryParse(right, out var userId) && userId != Guid.Empty)
            {
                rules.Add(new Rule(conditions, userId, null));
            }
            else
            {
                throw new FormatException($"Rule line {i + 1}: '{right}' is neither a user id nor 'queue:<name>'.");
            }
        }

        return new AssignmentRules(rules);
    }

    /// <summary>The first rule matching the lead, or null.</summary>
    public Rule? Match(Lead lead) => Rules.FirstOrDefault(r => r.Conditions.All(c => Matches(lead, c.Field, c.Value)));

    private static bool Matches(Lead lead, string field, string value)
    {
        var actual = field switch
        {
            "industry" => lead.Industry,
            "territory" => lead.Territory,
            "city" => lead.City,
            "branch" => lead.BranchId?.ToString(),
            "source" => lead.Source.ToString(),
            "company" => lead.Company,
            _ => null,
        };
        return actual is not null && string.Equals(actual.Trim(), value, StringComparison.OrdinalIgnoreCase);
    }

    internal sealed record Rule(IReadOnlyList<(string Field, string Value)> Conditions, Guid? UserId, string? Queue);
}

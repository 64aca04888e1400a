using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;
using Crm.BuildingBlocks.Localization;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Crm.ArchitectureTests.Solution;

namespace Crm.ArchitectureTests;

/// <summary>
/// The server's messages (validation errors, business-rule refusals) are shown in the reader's language through each
/// assembly's <c>Messages.resx</c> catalogue, keyed by the English text (ADR 0110). A message missing from its
/// catalogue would reach a Chinese user in English without any error, so these rules find every message a validator
/// or a thrown business exception writes and look it up. (That every catalogue key has its zh-Hans text is
/// <see cref="LocalizationTests.Every_English_text_has_its_Simplified_Chinese_translation"/>.)
/// </summary>
public sealed partial class ServerMessageTests
{
    private static IEnumerable<Assembly> MessageAssemblies =>
        CrmAssemblies.Where(a => !a.GetName().Name!.EndsWith(PublicApiSuffix, StringComparison.Ordinal)
            && a.GetName().Name is not ("Crm.Host" or "Crm.Web" or "Crm.Workflows.Abstractions"));

    [Fact]
    public void Every_validator_message_is_in_its_assemblys_catalogue()
    {
        var offenders = new List<string>();
        var checkedMessages = 0;
        foreach (var assembly in MessageAssemblies)
        {
            var messages = ValidatorMessages(assembly);
            checkedMessages += messages.Count;
            // A rule of the kit (e.g. PhoneNumber()) writes the kit's message, kept in the kit's catalogue.
            var hasKey = HasKey(assembly);
            offenders.AddRange(Missing(messages, m => hasKey(m) || KitHasKey(m)).Select(m => $"{assembly.GetName().Name}: \"{m}\""));
        }

        Assert.True(checkedMessages > 100, $"Only {checkedMessages} validator messages found: the scan looks in the wrong place.");
        AssertNone(offenders, "Every message a validator writes is a key of its assembly's Messages.resx (with its zh-Hans text).");
    }

    [Fact]
    public void Every_business_message_thrown_in_the_sources_is_in_its_assemblys_catalogue()
    {
        var offenders = new List<string>();
        var checkedMessages = 0;
        foreach (var project in Directory.EnumerateFiles(LocalizationTests.RepositoryRoot, "*.csproj", SearchOption.AllDirectories)
                     .Where(p => !Path.GetRelativePath(LocalizationTests.RepositoryRoot, p).StartsWith("tests", StringComparison.Ordinal)
                         && !p.Contains($"{Path.DirectorySeparatorChar}templates{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var assembly = MessageAssemblies.SingleOrDefault(a => a.GetName().Name == name);
            if (assembly is null)
            {
                continue;
            }

            var hasKey = HasKey(assembly);
            foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(project)!, "*.*", SearchOption.AllDirectories)
                         .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var messages = ThrownMessages(File.ReadAllText(file));
                checkedMessages += messages.Count;
                offenders.AddRange(Missing(messages, hasKey).Select(m => $"{Path.GetRelativePath(LocalizationTests.RepositoryRoot, file)}: \"{m}\""));
            }
        }

        Assert.True(checkedMessages > 100, $"Only {checkedMessages} thrown messages found: the scan looks in the wrong place.");
        AssertNone(offenders, "Every message of a thrown business exception is a key of its assembly's Messages.resx (with its zh-Hans text).");
    }

    [Fact]
    public void A_message_missing_from_the_catalogue_is_reported()
    {
        // Both rules must be able to fail: an interpolated refusal and a validator message that no catalogue holds.
        const string source = """
            throw new BusinessRuleException($"Quote {quote.Number} expired on {quote.ValidUntil:yyyy-MM-dd}.", "validUntil");
            throw new NotFoundException("Known message.");
            """;
        var known = new HashSet<string>(["Known message.", "Also known."]);

        Assert.Equal(["Quote {0} expired on {1:yyyy-MM-dd}."], Missing(ThrownMessages(source), known.Contains));
        Assert.Equal(["Name is needed here."], Missing(MessagesOf(new SampleValidator()), known.Contains));
    }

    [Fact]
    public void A_captured_message_is_shown_in_Chinese_with_its_values()
    {
        // The compiler hands the interpolated message to CrmText as format + values; the translation puts them back.
        var number = 42;
        CrmText text = $"Quote {number} does not exist.";
        Assert.Equal("Quote {0} does not exist.", text.Format);

        ServerText.Register(ModuleAssembly("Funnel"));
        var chinese = CultureInfo.GetCultureInfo("zh-Hans");
        Assert.Equal("报价单 42 不存在。", ServerText.Translate(text, chinese));
        Assert.Equal("Quote 42 does not exist.", ServerText.Translate(text, CultureInfo.GetCultureInfo("en")));
    }

    private static readonly Func<string, bool> KitHasKey = HasKey(typeof(ServerText).Assembly);

    private static List<string> Missing(IEnumerable<string> messages, Func<string, bool> hasKey) =>
        messages.Where(m => !hasKey(m)).Distinct().ToList();

    private static Func<string, bool> HasKey(Assembly assembly)
    {
        var baseName = $"{assembly.GetName().Name}.Messages";
        if (!assembly.GetManifestResourceNames().Contains(baseName + ".resources"))
        {
            return _ => false;
        }

        var catalogue = new ResourceManager(baseName, assembly);
        return key => catalogue.GetString(key, CultureInfo.InvariantCulture) is not null;
    }

    /// <summary>The custom messages of every validator in <paramref name="assembly"/>; FluentValidation's own templates are left out.</summary>
    private static List<string> ValidatorMessages(Assembly assembly)
    {
        using var services = new ServiceCollection().AddSingleton(TimeProvider.System).BuildServiceProvider();
        var messages = new List<string>();
        foreach (var type in assembly.GetTypes().Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition && typeof(IValidator).IsAssignableFrom(t)))
        {
            IValidator validator;
            try
            {
                validator = (IValidator)ActivatorUtilities.CreateInstance(services, type);
            }
            catch (InvalidOperationException)
            {
                // A validator that needs a module service (e.g. the activity registry) is covered by the source scan only.
                continue;
            }

            messages.AddRange(MessagesOf(validator));
        }

        return messages;
    }

    private static IEnumerable<string> MessagesOf(IValidator validator) =>
        validator.CreateDescriptor().Rules
            .SelectMany(rule => rule.Components)
            .Select(component =>
            {
                try
                {
                    return component.GetUnformattedErrorMessage();
                }
                catch (Exception ex) when (ex is NullReferenceException or InvalidOperationException or ArgumentException)
                {
                    // A message built by a function of the instance: not a fixed text.
                    return null;
                }
            })
            .OfType<string>()
            // FluentValidation's templates ("'{PropertyName}' must not be empty.") are translated by its language manager.
            .Where(m => !m.Contains("{PropertyName}", StringComparison.Ordinal) && !m.StartsWith('\'') && m.Length > 0)
            // What FluentValidation answers for a rule whose message is a function it cannot call without a value.
            .Where(m => m != "No default error message has been specified")
            .Where(m => !IsFluentValidationTemplate(m));

    private static bool IsFluentValidationTemplate(string message) =>
        message.Contains('{', StringComparison.Ordinal) && Regex.IsMatch(message, @"\{[A-Z][A-Za-z]+\}");

    /// <summary>The format of each string given to <c>new …Exception(…)</c> of the business exceptions, holes numbered as <see cref="CrmText"/> numbers them.</summary>
    internal static List<string> ThrownMessages(string source)
    {
        var messages = new List<string>();
        foreach (Match start in ThrowStart().Matches(source))
        {
            var interpolated = start.Groups[1].Value == "$";
            messages.Add(Format(source, start.Index + start.Length, interpolated));
        }

        return messages;
    }

    private static string Format(string s, int i, bool interpolated)
    {
        var format = new StringBuilder();
        var hole = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length)
            {
                format.Append(s[i + 1] switch { 'n' => '\n', 't' => '\t', var other => other });
                i += 2;
                continue;
            }

            if (c == '"')
            {
                break;
            }

            if (interpolated && c == '{')
            {
                if (s[i + 1] == '{')
                {
                    format.Append("{{");
                    i += 2;
                    continue;
                }

                // Read the hole's expression up to its matching brace, skipping nested strings; keep its format specifier.
                var depth = 1;
                var j = i + 1;
                var colon = -1;
                var nesting = 0;
                var ternaries = 0;
                while (depth > 0)
                {
                    var h = s[j];
                    if (h == '"')
                    {
                        j++;
                        while (s[j] != '"')
                        {
                            j += s[j] == '\\' ? 2 : 1;
                        }
                    }
                    else if (h is '(' or '[')
                    {
                        nesting++;
                    }
                    else if (h is ')' or ']')
                    {
                        nesting--;
                    }
                    else if (h == '?' && s[j + 1] is not ('.' or '?' or '[') && s[j - 1] != '?')
                    {
                        ternaries++;
                    }
                    else if (h == ':' && ternaries > 0)
                    {
                        ternaries--;
                    }
                    else if (h == ':' && nesting == 0 && depth == 1 && colon < 0)
                    {
                        colon = j;
                    }
                    else if (h == '{')
                    {
                        depth++;
                    }
                    else if (h == '}')
                    {
                        depth--;
                    }

                    j++;
                }

                format.Append('{').Append(hole++.ToString(CultureInfo.InvariantCulture));
                if (colon > 0)
                {
                    format.Append(s, colon, j - 1 - colon);
                }

                format.Append('}');
                i = j;
                continue;
            }

            if (interpolated && c == '}' && i + 1 < s.Length && s[i + 1] == '}')
            {
                format.Append("}}");
                i += 2;
                continue;
            }

            format.Append(c);
            i++;
        }

        return format.ToString();
    }

    [GeneratedRegex(@"new\s+(?:NotFound|Conflict|PreconditionFailed|BusinessRule|ForbiddenTaskAction|UnauthorizedInbox)Exception\(\s*(\$?)""")]
    private static partial Regex ThrowStart();

    private sealed class SampleValidator : AbstractValidator<SampleValidator.Input>
    {
        public SampleValidator()
        {
            RuleFor(i => i.Name).NotEmpty().WithMessage("Name is needed here.");
            RuleFor(i => i.Code).NotEmpty().WithMessage("Also known.");
            RuleFor(i => i.Code).MaximumLength(5);
        }

        internal sealed record Input(string? Name, string? Code);
    }
}

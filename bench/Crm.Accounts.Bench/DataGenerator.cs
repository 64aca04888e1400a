using System.Globalization;
using Crm.Accounts.Domain;

namespace Crm.Accounts.Bench;

/// <summary>One generated account: the domain inputs plus the history fields a fresh <see cref="Account.Create"/> cannot set.</summary>
internal sealed record GeneratedAccount(
    Guid Id,
    AccountDetails Details,
    LifecycleStage Stage,
    Guid? OwnerId,
    DateTime CreatedAtUtc,
    DateTime StageChangedAtUtc,
    DateTime? LastContactAtUtc,
    DateTime? ArchivedAtUtc,
    DateTime UpdatedAtUtc,
    string Brand);

/// <summary>
/// Deterministic, realistic-looking accounts. Emails, phones and tax ids embed the row number and a per-data-set
/// prefix, so the 1M fill and the import CSV can never collide (the import would reject duplicates).
/// </summary>
internal sealed class DataGenerator
{
    /// <summary>Bump when the generated data changes, so a stale filled database is rebuilt rather than reused.</summary>
    public const int Version = 1;

    public static readonly Guid[] Owners = Enumerable.Range(1, 50).Select(i => Guid.Parse($"0a0e0000-0000-4000-8000-{i:D12}")).ToArray();

    public static readonly Guid[] Branches = Enumerable.Range(1, 10).Select(i => Guid.Parse($"b2a0c000-0000-4000-8000-{i:D12}")).ToArray();

    // Codes of the shipped dictionaries (ADR 0125), as real accounts hold them.
    public static readonly string[] Industries =
        ["manufacturing", "wholesale-retail", "transport-logistics", "health-social-work", "education", "construction", "utilities", "information-technology", "finance", "agriculture"];

    private static readonly string[] Sources = ["Telephone", "Fax", "Email", "Sms", "Visit", "Media", "Website", "Event", "Referral", "OwnDevelopment"];

    public static readonly string[] Cities = ["Shanghai", "Beijing", "Shenzhen", "Guangzhou", "Hangzhou", "Chengdu", "Wuhan", "Nanjing", "Suzhou", "Tianjin"];

    public static readonly string[] ZhCities = ["上海", "北京", "深圳", "广州", "杭州", "成都", "武汉", "南京", "苏州", "天津"];

    /// <summary>First characters of Chinese trade names; "city + one of these" is a 3-character term hitting ~150 rows per million.</summary>
    public static readonly string[] ZhBrandChars =
    [
        "华", "信", "泰", "达", "恒", "瑞", "盛", "鑫", "宏", "金", "源", "隆", "安", "丰", "利", "通", "新", "宇", "龙", "海",
        "明", "远", "博", "康", "正", "德", "兴", "和", "昌", "中", "创", "实", "嘉", "永", "光", "美", "佳", "祥", "凯", "富",
    ];

    private static readonly string[] ZhIndustries = ["科技", "贸易", "物流", "机械", "食品", "医药", "纺织", "电子", "化工", "包装"];

    private static readonly string[] ZhSurnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];

    private static readonly string[] ZhGiven = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "超", "秀", "霞", "平", "刚"];

    private static readonly string[] TradeWords =
    [
        "Precision", "Industrial", "Trading", "Logistics", "Machinery", "Foods", "Pharma", "Textiles", "Electronics", "Chemicals",
        "Packaging", "Materials", "Systems", "Solutions", "Engineering", "Technology", "Medical", "Instruments", "Plastics", "Metals",
    ];

    private static readonly string[] Suffixes = ["Co., Ltd.", "Group", "Holdings", "Inc.", "Limited", "International", "Corporation", "Enterprises"];

    private static readonly string[] TagPool = ["key-account", "golden", "price-sensitive", "trade-show-2026", "referral", "export", "government", "tender"];

    private static readonly string[] Roads = ["Nanjing", "Huaihai", "Zhongshan", "Renmin", "Jiefang", "Yan'an", "Century", "Binjiang", "Keyuan", "Gaoxin"];

    private static readonly LifecycleStage[] Stages =
        [LifecycleStage.ToIdentify, LifecycleStage.Potential, LifecycleStage.Opportunity, LifecycleStage.OrderingCustomer, LifecycleStage.User, LifecycleStage.Lost];

    private static readonly double[] StageWeights = [0.22, 0.24, 0.16, 0.16, 0.14, 0.08];

    private readonly Random _random;
    private readonly DateTime _nowUtc;
    private readonly string _emailPrefix;
    private readonly string _phonePrefix;
    private readonly string _taxPrefix;

    /// <param name="phonePrefix">Two mobile-number digits ("13" for the fill, "15" for the import file).</param>
    public DataGenerator(int seed, DateTime nowUtc, string emailPrefix, string phonePrefix, string taxPrefix)
    {
        _random = new Random(seed);
        _nowUtc = nowUtc;
        _emailPrefix = emailPrefix;
        _phonePrefix = phonePrefix;
        _taxPrefix = taxPrefix;
    }

    /// <summary>
    /// ~3,000 made-up trade names ("velmora", "quintaro"): each heads roughly 300 of a million English names, so
    /// searching for one is the typical "a few hundred hits" search.
    /// </summary>
    public static readonly string[] Brands = MakeBrands(3000);

    public static string Phone(string prefix, int n)
    {
        var d = n.ToString("D9", CultureInfo.InvariantCulture);
        return $"+86 {prefix}{d[0]} {d[1..5]} {d[5..]}";
    }

    public GeneratedAccount Next(int n)
    {
        var r = _random;
        var roll = r.NextDouble();
        var isPerson = roll < 0.05;
        var isZhCompany = !isPerson && roll < 0.12;
        var cityIndex = r.Next(Cities.Length);
        var city = Cities[cityIndex];
        string name;
        var brand = "";
        if (isPerson)
        {
            name = Pick(ZhSurnames) + Pick(ZhGiven) + (r.Next(2) == 0 ? Pick(ZhGiven) : "");
        }
        else if (isZhCompany)
        {
            brand = Pick(ZhBrandChars) + Pick(ZhBrandChars);
            name = ZhCities[cityIndex] + brand + Pick(ZhIndustries) + "有限公司";
        }
        else
        {
            brand = Pick(Brands);
            name = $"{char.ToUpperInvariant(brand[0])}{brand[1..]} {Pick(TradeWords)} {Pick(Suffixes)}";
        }

        var isPartner = !isPerson && r.NextDouble() < 0.08;
        var domain = isPerson || isZhCompany ? "example.cn" : $"{brand}.example.cn";
        var created = _nowUtc.AddDays(-r.Next(0, 1095)).AddMinutes(-r.Next(0, 1440));
        DateTime? lastContact = null;
        if (r.NextDouble() < 0.5)
        {
            lastContact = _nowUtc.AddDays(-r.Next(0, 730)).AddMinutes(-r.Next(0, 1440));
            if (lastContact < created)
            {
                created = lastContact.Value.AddDays(-r.Next(1, 60));
            }
        }

        var stage = Stages[Weighted(StageWeights)];
        var stageChanged = created.AddTicks((long)((_nowUtc - created).Ticks * r.NextDouble() * 0.5));
        DateTime? archived = r.NextDouble() < 0.02 ? created.AddTicks((long)((_nowUtc - created).Ticks * r.NextDouble())) : null;
        var updated = Max(Max(stageChanged, lastContact ?? created), archived ?? created);

        var details = new AccountDetails(
            name,
            isPerson ? AccountKind.Person : AccountKind.Company,
            isPartner ? AccountType.Partner : AccountType.Customer,
            isPartner ? (PartnerType)r.Next(3) : null,
            Sources[r.Next(Sources.Length)],
            isPerson ? null : Pick(Industries),
            isPerson ? null : $"{_taxPrefix}{n:D10}{TaxCheck(n)}",
            $"{_emailPrefix}{n}@{domain}",
            Phone(_phonePrefix, n),
            isPerson ? null : $"https://www.{(isZhCompany ? "cn" : brand)}{n}.example.cn",
            city,
            r.NextDouble() < 0.6 ? $"{r.Next(1, 2000)} {Pick(Roads)} Road, {city}" : null,
            r.NextDouble() < 0.05 ? "Prefers contact by e-mail." : null,
            r.NextDouble() < 0.95 ? Pick(Branches) : null,
            r.Next(0, 41) * 25_000m,
            (CreditStatus)Weighted([0.6, 0.25, 0.1, 0.05]),
            r.NextDouble() < 0.4 ? [.. Enumerable.Range(0, r.Next(1, 3)).Select(_ => Pick(TagPool)).Distinct()] : [],
            "CNY");

        return new GeneratedAccount(
            RandomGuid(), details, stage, r.NextDouble() < 0.97 ? Pick(Owners) : null, created, stageChanged, lastContact, archived, updated, brand);
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private int Weighted(double[] weights)
    {
        var x = _random.NextDouble();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private Guid RandomGuid()
    {
        // Random v4 ids like Guid.NewGuid, but reproducible from the seed.
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static string TaxCheck(int n)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        return $"{alphabet[n * 7 % alphabet.Length]}{alphabet[n * 13 % alphabet.Length]}";
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static string[] MakeBrands(int count)
    {
        string[] syllables =
        [
            "vel", "mor", "qui", "nta", "ro", "sol", "nex", "vis", "dra", "kor", "lum", "ber", "tal", "zen", "fi", "gra", "hal", "jun", "pex",
            "sta", "tri", "vo", "wen", "yar", "cal", "dor", "fen", "gol", "har", "lix", "mav", "nor", "pal", "rin", "sev", "tor", "ul", "vex",
        ];
        var random = new Random(7);
        var brands = new HashSet<string>();
        while (brands.Count < count)
        {
            var parts = random.Next(2, 4);
            var word = string.Concat(Enumerable.Range(0, parts).Select(_ => syllables[random.Next(syllables.Length)]));
            if (word.Length >= 6)
            {
                brands.Add(word);
            }
        }

        return [.. brands.Order(StringComparer.Ordinal)];
    }
}

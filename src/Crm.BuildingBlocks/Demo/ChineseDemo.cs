namespace Crm.BuildingBlocks.Demo;

/// <summary>
/// Fictional but recognisable Chinese demo vocabulary, kept once for every module's demo seeder (ADR 0113): companies
/// named the way Chinese companies are (city + brand + business + 有限公司), addresses with province, city and district,
/// phone numbers valid under the kit's mainland rules (area code + 8 digits, 11-digit mobiles), industries, and the demo
/// product catalogue that Products seeds and Funnel's demo lines name. Every pick takes a <c>pick(n)</c> function
/// returning 0 ≤ i &lt; n, so a seeder's fixed random seed keeps the data the same on every installation.
/// </summary>
public static class ChineseDemo
{
    /// <summary>A city with its province, districts, streets and landline area code.</summary>
    public sealed record Region(string Province, string City, string ShortCity, string AreaCode, string[] Districts, string[] Streets);

    public static IReadOnlyList<Region> Regions { get; } =
    [
        new("上海市", "上海市", "上海", "021", ["浦东新区", "闵行区", "徐汇区", "嘉定区"], ["张江路", "漕河泾开发区宜山路", "虹梅路", "曹安公路"]),
        new("北京市", "北京市", "北京", "010", ["海淀区", "朝阳区", "大兴区", "昌平区"], ["中关村大街", "望京街", "荣华中路", "回龙观西大街"]),
        new("广东省", "深圳市", "深圳", "0755", ["南山区", "宝安区", "龙岗区", "福田区"], ["科技园南路", "宝安大道", "坂雪岗大道", "深南大道"]),
        new("广东省", "广州市", "广州", "020", ["天河区", "黄埔区", "番禺区", "白云区"], ["天河路", "科学大道", "市桥街", "机场路"]),
        new("浙江省", "杭州市", "杭州", "0571", ["西湖区", "滨江区", "余杭区", "萧山区"], ["文三路", "江南大道", "文一西路", "市心中路"]),
        new("四川省", "成都市", "成都", "028", ["武侯区", "高新区", "郫都区", "锦江区"], ["人民南路", "天府大道", "德源大道", "东大街"]),
        new("湖北省", "武汉市", "武汉", "027", ["洪山区", "江汉区", "东湖高新区", "汉阳区"], ["珞喻路", "建设大道", "光谷大道", "龙阳大道"]),
        new("江苏省", "南京市", "南京", "025", ["鼓楼区", "江宁区", "玄武区", "建邺区"], ["中山北路", "双龙大道", "珠江路", "江东中路"]),
        new("江苏省", "苏州市", "苏州", "0512", ["工业园区", "吴中区", "相城区", "昆山市"], ["星湖街", "东吴北路", "阳澄湖大道", "前进中路"]),
        new("天津市", "天津市", "天津", "022", ["滨海新区", "西青区", "南开区", "河西区"], ["第二大街", "京福公路", "鞍山西道", "友谊路"]),
    ];

    /// <summary>Brand syllables of fictional companies.</summary>
    public static IReadOnlyList<string> Brands { get; } =
    [
        "华东", "恒通", "瑞丰", "鼎盛", "宏达", "金桥", "中科", "新锐", "远航", "博创", "安泰", "永信", "东方", "海纳", "启明", "汇丰源",
        "天成", "隆鑫", "众合", "德润", "创维达", "华信", "正泰源", "联恒", "九州", "三友", "嘉禾", "明珠", "长青", "立方", "卓越", "万象",
        "宇航", "百川", "晨光", "腾跃", "协力", "同创", "方圆", "锦程",
    ];

    /// <summary>An industry, its code in the shipped <c>industry</c> dictionary, and the business words a company in it is named with.</summary>
    public sealed record Industry(string Name, string Code, string[] Business);

    public static IReadOnlyList<Industry> Industries { get; } =
    [
        new("制造业", "manufacturing", ["精密机械", "智能装备", "机电设备", "汽车零部件"]),
        new("零售", "wholesale-retail", ["商贸", "连锁超市", "电子商务"]),
        new("物流", "transport-logistics", ["供应链管理", "物流", "国际货运代理"]),
        new("医疗健康", "health-social-work", ["医疗器械", "生物科技", "医药"]),
        new("教育", "education", ["教育科技", "职业培训"]),
        new("建筑", "construction", ["建设工程", "建材", "装饰工程"]),
        new("能源", "utilities", ["新能源", "电力设备", "光伏科技"]),
        new("软件", "information-technology", ["软件", "信息技术", "网络科技"]),
        new("金融", "finance", ["融资租赁", "投资管理"]),
        new("农业", "agriculture", ["农业科技", "食品"]),
    ];

    public static IReadOnlyList<string> JobTitles { get; } = ["采购经理", "总经理", "技术工程师", "财务主管", "销售总监", "生产部经理", "设备科科长", "信息中心主任"];

    public static IReadOnlyList<string> Competitors { get; } = ["华信软件", "云启科技", "蓝海系统", "百川数字"];

    /// <summary>
    /// The company numbered <paramref name="index"/>: the same index gives the same name, and indexes below
    /// <c>Regions × Brands</c> (400) never repeat a city and brand pair, so demo names stay unique.
    /// </summary>
    public static (string Name, Region Region, Industry Industry) Company(int index, Func<int, int> pick)
    {
        var region = Regions[index % Regions.Count];
        var brand = Brands[index / Regions.Count % Brands.Count];
        var industry = Industries[pick(Industries.Count)];
        var business = industry.Business[pick(industry.Business.Length)];
        var suffix = pick(5) == 0 ? "股份有限公司" : "有限公司";
        return ($"{region.ShortCity}{brand}{business}{suffix}", region, industry);
    }

    /// <summary>"广东省深圳市南山区科技园南路 88 号" (a municipality is not named twice: "上海市浦东新区张江路 88 号").</summary>
    public static string Address(Region region, Func<int, int> pick) =>
        (region.Province == region.City ? region.City : region.Province + region.City)
        + region.Districts[pick(region.Districts.Length)] + region.Streets[pick(region.Streets.Length)] + $" {pick(999) + 1} 号";

    /// <summary>A switchboard number: area code and 8 digits, as "021-6888 1234".</summary>
    public static string Landline(Region region, Func<int, int> pick) => $"{region.AreaCode}-{pick(8) + 2}{pick(1000):000} {pick(10000):0000}";

    /// <summary>An 11-digit mobile, written the usual way: "138 1234 5678".</summary>
    public static string Mobile(Func<int, int> pick) => $"1{pick(7) + 3}{pick(10)} {pick(10000):0000} {pick(10000):0000}";

    /// <summary>A demo catalogue product: code, name, category path, unit, CNY list price, standard cost, VAT rate code, attributes.</summary>
    public sealed record Product(string Code, string Name, string Category, string SubCategory, string Unit, decimal Price, decimal Cost, string TaxRate, string Kind,
        IReadOnlyDictionary<string, string> Attributes);

    private static Dictionary<string, string> A(params string[] pairs) =>
        pairs.Chunk(2).ToDictionary(p => p[0], p => p[1]);

    /// <summary>The demo catalogue: 30 products and services in four categories (机床, 自动化, 备件耗材, 服务).</summary>
    public static IReadOnlyList<Product> Products { get; } =
    [
        new("CK6140", "数控车床 CK6140", "机床", "数控车床", "台", 128000m, 82000m, "13", "Product", A("最大回转直径", "400mm", "主电机功率", "7.5kW")),
        new("CK6150", "数控车床 CK6150", "机床", "数控车床", "台", 156000m, 101000m, "13", "Product", A("最大回转直径", "500mm", "主电机功率", "11kW")),
        new("CK6163", "重型数控车床 CK6163", "机床", "数控车床", "台", 238000m, 162000m, "13", "Product", A("最大回转直径", "630mm", "主电机功率", "15kW")),
        new("VMC850", "立式加工中心 VMC850", "机床", "加工中心", "台", 265000m, 178000m, "13", "Product", A("工作台尺寸", "1000×500mm", "主轴转速", "8000rpm")),
        new("VMC1160", "立式加工中心 VMC1160", "机床", "加工中心", "台", 348000m, 236000m, "13", "Product", A("工作台尺寸", "1300×600mm", "主轴转速", "8000rpm")),
        new("HMC630", "卧式加工中心 HMC630", "机床", "加工中心", "台", 980000m, 690000m, "13", "Product", A("工作台尺寸", "630×630mm", "主轴转速", "6000rpm")),
        new("M1432", "万能外圆磨床 M1432", "机床", "磨床", "台", 176000m, 118000m, "13", "Product", A("最大磨削直径", "320mm")),
        new("MK7130", "数控平面磨床 MK7130", "机床", "磨床", "台", 142000m, 95000m, "13", "Product", A("工作台尺寸", "800×300mm")),
        new("PLC-S200", "可编程控制器 S200", "自动化", "控制器", "套", 3800m, 2100m, "13", "Product", A("输入输出点数", "24/16")),
        new("PLC-S1500", "可编程控制器 S1500", "自动化", "控制器", "套", 12800m, 7600m, "13", "Product", A("输入输出点数", "64/64")),
        new("HMI-7", "7 英寸触摸屏", "自动化", "人机界面", "台", 2600m, 1450m, "13", "Product", A("尺寸", "7 英寸", "分辨率", "800×480")),
        new("HMI-12", "12 英寸触摸屏", "自动化", "人机界面", "台", 5800m, 3400m, "13", "Product", A("尺寸", "12 英寸", "分辨率", "1280×800")),
        new("SRV-750", "交流伺服电机 750W", "自动化", "伺服系统", "套", 3200m, 1900m, "13", "Product", A("额定功率", "750W")),
        new("SRV-2K", "交流伺服电机 2kW", "自动化", "伺服系统", "套", 6900m, 4200m, "13", "Product", A("额定功率", "2kW")),
        new("INV-7K5", "变频器 7.5kW", "自动化", "变频器", "台", 4600m, 2800m, "13", "Product", A("额定功率", "7.5kW", "电压", "380V")),
        new("INV-22K", "变频器 22kW", "自动化", "变频器", "台", 11800m, 7300m, "13", "Product", A("额定功率", "22kW", "电压", "380V")),
        new("TL-CNMG", "数控车刀片 CNMG120408", "备件耗材", "刀具", "盒", 450m, 210m, "13", "Product", A("材质", "硬质合金", "每盒数量", "10 片")),
        new("TL-EM10", "整体硬质合金立铣刀 Φ10", "备件耗材", "刀具", "支", 320m, 150m, "13", "Product", A("材质", "硬质合金", "刃数", "4")),
        new("TL-DR8", "钻头 Φ8", "备件耗材", "刀具", "支", 95m, 40m, "13", "Product", A("材质", "高速钢")),
        new("SP-BRG", "主轴轴承组件", "备件耗材", "备件", "套", 5600m, 3100m, "13", "Product", A("适用机型", "CK6140/CK6150")),
        new("SP-BALL", "滚珠丝杠 32×10", "备件耗材", "备件", "根", 1800m, 980m, "13", "Product", A("长度", "1200mm")),
        new("SP-GUIDE", "直线导轨 HGH25", "备件耗材", "备件", "根", 1250m, 690m, "13", "Product", A("长度", "1000mm")),
        new("OIL-68", "导轨油 68#（18L）", "备件耗材", "润滑油品", "桶", 560m, 330m, "13", "Product", A("容量", "18L")),
        new("OIL-CUT", "水溶性切削液（200L）", "备件耗材", "润滑油品", "桶", 2900m, 1700m, "13", "Product", A("容量", "200L")),
        new("SV-INST", "设备安装调试", "服务", "安装调试", "次", 6000m, 2500m, "6", "Service", A("服务时长", "2 天")),
        new("SV-TRAIN", "操作与编程培训", "服务", "培训", "人天", 1500m, 600m, "6", "Service", A("地点", "客户现场")),
        new("SV-MAINT", "年度维保服务", "服务", "维保", "年", 18000m, 8000m, "6", "Service", A("响应时间", "24 小时")),
        new("SV-REPAIR", "上门维修", "服务", "维保", "次", 1200m, 500m, "6", "Service", A("响应时间", "48 小时")),
        new("SV-RETRO", "旧机数控化改造", "服务", "改造", "台", 68000m, 41000m, "6", "Service", A("工期", "15 天")),
        new("SV-FREIGHT", "运输及保险", "服务", "物流", "次", 2000m, 1600m, "9", "Service", A("说明", "国内陆运")),
    ];
}

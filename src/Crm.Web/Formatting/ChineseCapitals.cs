using System.Text;

namespace Crm.Web.Formatting;

/// <summary>
/// An amount in Chinese capital numerals (大写金额) as printed on quotes, contracts and receipts, following the People's
/// Bank of China rules for filling in payment documents: 壹佰贰拾叁元肆角伍分; "整" after 元 or 角 when nothing smaller
/// follows, never after 分; one 零 for any run of zeros inside the number (壹万零伍元), 零 between 元 and a lone 分
/// (壹元零伍分); 壹拾 written out for tens at the front, as bank forms want (docs/adr/0092).
/// </summary>
public static class ChineseCapitals
{
    private const string Digits = "零壹贰叁肆伍陆柒捌玖";
    private static readonly string[] Units = ["", "拾", "佰", "仟"];
    private static readonly string[] Sections = ["", "万", "亿", "万亿"];

    /// <summary>The amount rounded half away from zero to the fen, in capitals; a negative amount starts with 负.</summary>
    public static string Of(decimal amount)
    {
        var fen = decimal.Round(Math.Abs(amount) * 100m, 0, MidpointRounding.AwayFromZero);
        if (fen >= 10_000_000_000_000_000m)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "Amounts from 1 000 000 000 000 000 on have no capitals here.");
        }

        var yuan = (long)(fen / 100m);
        var jiao = (int)(fen / 10m % 10m);
        var cents = (int)(fen % 10m);
        var text = new StringBuilder(amount < 0 && fen > 0 ? "负" : "");
        if (yuan > 0)
        {
            text.Append(Integer(yuan)).Append('元');
            if (jiao == 0 && cents == 0)
            {
                return text.Append('整').ToString();
            }

            if (jiao == 0)
            {
                return text.Append('零').Append(Digits[cents]).Append('分').ToString();
            }
        }
        else if (jiao == 0 && cents == 0)
        {
            return "零元整";
        }

        if (jiao > 0)
        {
            text.Append(Digits[jiao]).Append('角');
        }

        return cents > 0 ? text.Append(Digits[cents]).Append('分').ToString() : text.Append('整').ToString();
    }

    private static string Integer(long value)
    {
        var digits = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        var pendingZero = false;
        var sectionHasDigit = false;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[i] - '0';
            var position = digits.Length - 1 - i;
            if (digit == 0)
            {
                // Written only if a non-zero digit follows, and then once for the whole run of zeros.
                pendingZero = text.Length > 0;
            }
            else
            {
                if (pendingZero)
                {
                    text.Append('零');
                    pendingZero = false;
                }

                text.Append(Digits[digit]).Append(Units[position % 4]);
                sectionHasDigit = true;
            }

            if (position % 4 == 0 && position > 0)
            {
                // 万 and 亿 close a group of four digits; a group of zeros (壹亿零伍) names no unit.
                if (sectionHasDigit)
                {
                    text.Append(Sections[position / 4]);
                }

                sectionHasDigit = false;
            }
        }

        return text.ToString();
    }
}

namespace Crm.Products.Pages;

/// <summary>The product pages' UI texts: <c>ProductText.resx</c> (English), <c>ProductText.zh-Hans.resx</c> (Simplified Chinese).</summary>
internal sealed class ProductText;

namespace Crm.BrokenSamples.Features.Things;

/// <summary>Broken: public and unsealed in a module (only the IModule and pages are public; classes are sealed).</summary>
public class LeakyFeature
{
    public virtual string Describe() => "leaks";
}

using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>Reductions and broadcasting: a score per row, normalised by the mean over the batch.</summary>
[Module]
public partial class ScoreModule
{
    private readonly Linear proj = new(5, 4);

    public Tensor Forward(Tensor x)
    {
        var h = proj.Call(x).Exp();
        var rowSums = h.Sum(1, keepDim: true);
        var p = h / rowSums;
        return (p * p).Sum(1) - p.Mean() * 2;
    }
}

namespace GraphGen.Kernels.Gpu;

/// <summary>Geometry and options of a class-index loss launch: C classes, S positions per sample, ignore_index, ε, whether weights are read.</summary>
public struct ClassLossArgs
{
    public int Classes, Spatial, HasWeight;
    public long IgnoreIndex;
    public double Smoothing;
}

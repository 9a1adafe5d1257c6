using System.ComponentModel;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// A broadcast binary op's geometry, padded to rank 4: the output dims D0..D3 (row-major) and each operand's
/// element stride per output dim (0 where the operand is stretched or absent).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct BroadcastGeometry
{
    public int D0, D1, D2, D3;
    public int A0, A1, A2, A3;
    public int B0, B1, B2, B3;
}

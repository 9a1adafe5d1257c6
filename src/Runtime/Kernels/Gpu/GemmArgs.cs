namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Geometry of one (batched) GEMM launch: C[b] = op(A[b])·op(B[b]) (+ bias[n]) then an activation, with
/// op = transpose when TransA/TransB is 1. Leading dimensions and batch strides are in elements; a batch
/// stride of 0 broadcasts one matrix over the batch.
/// </summary>
public struct GemmArgs
{
    public int M, N, K;
    public int Lda, Ldb, Ldc;
    public int TransA, TransB;
    public int OffsetA, OffsetB, OffsetC;
    public int BatchStrideA, BatchStrideB, BatchStrideC;
    public int HasBias;

    /// <summary>The activation applied after the bias (the enum is a plain int on the device).</summary>
    public Cpu.Activation Activation;
}

using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace GraphGen.Kernels.Gpu;

/// <summary>One kernel entry point: the (closed generic) method and whether it is explicitly grouped (uses shared memory and barriers).</summary>
public sealed record KernelEntry(string Name, MethodInfo Method, bool ExplicitlyGrouped);

/// <summary>
/// Every kernel instantiation the runtime launches, so tests can compile each one to PTX (SM 8.0 / 9.0)
/// and run each on the CPU accelerator. A kernel added to the runtime must be added here.
/// </summary>
public static class KernelCatalog
{
    private static readonly Type[] UnaryOps = [typeof(NegOp), typeof(AbsOp), typeof(ExpOp), typeof(LogOp), typeof(SqrtOp), typeof(ReluOp), typeof(SigmoidOp), typeof(TanhOp), typeof(GeluOp), typeof(GeluTanhOp), typeof(EluOp), typeof(LeakyReluOp)];
    private static readonly Type[] UnaryGradOps = [typeof(GeluGradOp), typeof(GeluTanhGradOp), typeof(EluGradOp), typeof(LeakyReluGradOp)];
    private static readonly Type[] Int64BinaryOps = [typeof(AddInt64Op), typeof(SubInt64Op), typeof(MulInt64Op), typeof(MaxInt64Op), typeof(MinInt64Op)];
    private static readonly Type[] LossRules = [typeof(L1Rule), typeof(BceRule), typeof(BceWithLogitsRule)];
    private static readonly Type[] BinaryOps = [typeof(AddOp), typeof(SubOp), typeof(MulOp), typeof(DivOp), typeof(PowOp), typeof(MaxOp), typeof(MinOp)];
    private static readonly Type[] CompareOps = [typeof(EqOp), typeof(NeOp), typeof(LtOp), typeof(LeOp), typeof(GtOp), typeof(GeOp)];
    private static readonly Type[] FloatingElements = [typeof(float), typeof(double)];
    /// <summary>The convolution, pooling, normalisation and embedding kernels: (owner, name, whether the math type is a type argument, whether explicitly grouped).</summary>
    private static readonly (Type Owner, string Name, bool WithMath, bool Grouped)[] CnnKernels =
    [
        (typeof(ConvolutionKernels), nameof(ConvolutionKernels.Im2Col), false, false),
        (typeof(ConvolutionKernels), nameof(ConvolutionKernels.Col2Im), false, false),
        (typeof(ConvolutionKernels), nameof(ConvolutionKernels.AddChannelBias), false, false),
        (typeof(ConvolutionKernels), nameof(ConvolutionKernels.ChannelSums), false, false),
        (typeof(PoolingKernels), nameof(PoolingKernels.MaxPool2dForward), false, false),
        (typeof(PoolingKernels), nameof(PoolingKernels.MaxPool2dBackward), false, false),
        (typeof(PoolingKernels), nameof(PoolingKernels.AvgPool2dForward), true, false),
        (typeof(PoolingKernels), nameof(PoolingKernels.AvgPool2dBackward), true, false),
        (typeof(PoolingKernels), nameof(PoolingKernels.AdaptiveAvgPool2dForward), true, false),
        (typeof(PoolingKernels), nameof(PoolingKernels.AdaptiveAvgPool2dBackward), true, false),
        (typeof(NormalizationKernels), nameof(NormalizationKernels.BatchNormStatistics), true, true),
        (typeof(NormalizationKernels), nameof(NormalizationKernels.RunningStatistics), false, false),
        (typeof(NormalizationKernels), nameof(NormalizationKernels.BatchNormApply), false, false),
        (typeof(NormalizationKernels), nameof(NormalizationKernels.UpdateRunningStatistics), false, false),
        (typeof(NormalizationKernels), nameof(NormalizationKernels.BatchNormBackwardSums), false, true),
        (typeof(NormalizationKernels), nameof(NormalizationKernels.BatchNormBackwardInput), true, false),
        (typeof(NormalizationKernels), nameof(NormalizationKernels.LayerNormForward), true, false),
        (typeof(NormalizationKernels), nameof(NormalizationKernels.LayerNormBackwardInput), true, false),
        (typeof(NormalizationKernels), nameof(NormalizationKernels.LayerNormBackwardParameters), false, false),
        (typeof(EmbeddingKernels), nameof(EmbeddingKernels.Gather), false, false),
        (typeof(EmbeddingKernels), nameof(EmbeddingKernels.ScatterAdd), true, false),
    ];
    private static readonly (Type Element, Type Codec)[] Elements =
        [(typeof(float), typeof(Float32Codec)), (typeof(double), typeof(Float64Codec)), (typeof(long), typeof(Int64Codec)), (typeof(int), typeof(Int32Codec)), (typeof(byte), typeof(BoolCodec))];

    /// <summary>The entries, built by reflection (ILGPU compiles kernels at run time, so this is not for AOT).</summary>
    [RequiresDynamicCode("Closes generic kernel methods with MakeGenericMethod.")]
    [RequiresUnreferencedCode("Finds kernel methods by name.")]
    public static IReadOnlyList<KernelEntry> All() => s_all ??= Build();

    private static List<KernelEntry>? s_all;

    [RequiresDynamicCode("Closes generic kernel methods with MakeGenericMethod.")]
    [RequiresUnreferencedCode("Finds kernel methods by name.")]
    private static List<KernelEntry> Build()
    {
        var list = new List<KernelEntry>();
        void Add([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type owner, string name, bool grouped, params Type[] typeArgs)
        {
            var m = owner.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException($"Kernel {owner.Name}.{name} not found.");
            if (typeArgs.Length > 0) m = m.MakeGenericMethod(typeArgs);
            string label = typeArgs.Length == 0 ? $"{owner.Name}.{name}" : $"{owner.Name}.{name}<{string.Join(", ", typeArgs.Select(t => t.Name))}>";
            list.Add(new KernelEntry(label, m, grouped));
        }

        var ew = typeof(ElementwiseKernels);
        foreach (var element in FloatingElements)
        {
            foreach (var op in UnaryOps) Add(ew, nameof(ElementwiseKernels.Map), false, element, op);
            foreach (var op in UnaryGradOps) Add(ew, nameof(ElementwiseKernels.MapBackward), false, element, op);
            foreach (var op in BinaryOps)
            {
                Add(ew, nameof(ElementwiseKernels.Binary), false, element, op);
                Add(ew, nameof(ElementwiseKernels.BinaryScalar), false, element, op);
            }
            foreach (var op in CompareOps)
            {
                Add(ew, nameof(ElementwiseKernels.Compare), false, element, op);
                Add(ew, nameof(ElementwiseKernels.CompareScalar), false, element, op);
            }
        }
        foreach (var op in Int64BinaryOps) Add(ew, nameof(ElementwiseKernels.BinaryInt64), false, op);
        foreach (var op in new[] { typeof(NegOp), typeof(AbsOp), typeof(ReluOp) }) Add(ew, nameof(ElementwiseKernels.MapInt64), false, op);
        foreach (var op in CompareOps) Add(ew, nameof(ElementwiseKernels.CompareInt64), false, op);
        foreach (var (tin, rin) in Elements)
            foreach (var (tout, wout) in Elements)
                Add(ew, nameof(ElementwiseKernels.Convert), false, tin, tout, rin, wout);
        foreach (var (t, _) in Elements)
        {
            Add(ew, nameof(ElementwiseKernels.Gather), false, t);
            Add(ew, nameof(ElementwiseKernels.Scatter), false, t);
            Add(ew, nameof(ElementwiseKernels.Fill), false, t);
        }
        foreach (var element in FloatingElements)
        {
            Add(typeof(ReductionKernels), nameof(ReductionKernels.SumRows), false, element);
            Add(typeof(ReductionKernels), nameof(ReductionKernels.SumPartials), true, element);
            Add(typeof(ReductionKernels), nameof(ReductionKernels.ArgExtremeRows), false, element);
            Add(typeof(ReductionKernels), nameof(ReductionKernels.ScatterRows), false, element);
        }
        Add(typeof(ReductionKernels), nameof(ReductionKernels.SumRowsInt64), false);
        Add(typeof(ReductionKernels), nameof(ReductionKernels.SumPartialsInt64), true);
        Add(typeof(ReductionKernels), nameof(ReductionKernels.ArgExtremeRowsInt64), false);
        Add(typeof(LossKernels), nameof(LossKernels.CrossEntropyForward), false);
        Add(typeof(LossKernels), nameof(LossKernels.CrossEntropyBackward), false);
        Add(typeof(OptimizerKernels), nameof(OptimizerKernels.SgdStep), false);
        Add(typeof(OptimizerKernels), nameof(OptimizerKernels.AdamStep), false);
        Add(typeof(OptimizerKernels), nameof(OptimizerKernels.RmspropStep), false);
        Add(typeof(OptimizerKernels), nameof(OptimizerKernels.AdagradStep), false);
        foreach (var rule in LossRules)
        {
            Add(typeof(LossKernels), nameof(LossKernels.Elementwise), false, typeof(float), rule);
            Add(typeof(LossKernels), nameof(LossKernels.Elementwise), false, typeof(double), rule);
        }
        foreach (var (element, math) in new[] { (typeof(float), typeof(Float32Math)), (typeof(double), typeof(Float64Math)) })
        {
            Add(typeof(GemmKernel), nameof(GemmKernel.Gemm), true, element, math);
            Add(typeof(SoftmaxKernels), nameof(SoftmaxKernels.Softmax), false, element, math);
            Add(typeof(SoftmaxKernels), nameof(SoftmaxKernels.SoftmaxBackward), false, element, math);
            Add(typeof(LossKernels), nameof(LossKernels.CrossEntropyRows), false, element, math);
            Add(typeof(LossKernels), nameof(LossKernels.CrossEntropyRowsBackward), false, element, math);
            Add(typeof(LossKernels), nameof(LossKernels.NllRows), false, element);
            Add(typeof(LossKernels), nameof(LossKernels.NllRowsBackward), false, element);
            foreach (var (owner, name, withMath, grouped) in CnnKernels)
                Add(owner, name, grouped, withMath ? [element, math] : [element]);
        }
        Add(typeof(RandomKernels), nameof(RandomKernels.DropoutMask), false);
        Add(typeof(NormalizationKernels), nameof(NormalizationKernels.CountBatch), false);

        return list;
    }
}

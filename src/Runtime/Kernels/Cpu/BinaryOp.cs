using System.ComponentModel;

namespace GraphGen.Kernels.Cpu;

/// <summary>The arithmetic ops a compiled module may broadcast (on the CPU by <see cref="BroadcastKernels"/>, on the GPU by its broadcast kernels).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum BinaryOp { Add, Sub, Mul, Div }

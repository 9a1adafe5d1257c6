using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// Renders a <see cref="KernelCall"/> as one backend's C#: the family's runtime class by the backend's convention,
    /// the backend's leading arguments, then each typed argument. Sizes, shapes, constants and enum members read the
    /// same on every backend and are written here; buffers, layer parameters, gradient targets and run-time values are
    /// each backend's words (<see cref="BackendArgument"/>).
    /// </summary>
    internal abstract class KernelCallRenderer
    {
        /// <summary>The runtime class holding a family's kernels on this backend.</summary>
        protected abstract string ClassOf(string family);

        /// <summary>What every call on this backend passes first (the GPU's workspace).</summary>
        protected abstract IEnumerable<string> LeadingArguments { get; }

        /// <summary>A size as C# over this backend's sizes variable.</summary>
        protected abstract string Dim(SymDim dim);

        /// <summary>A buffer, layer parameter, gradient target or run-time value, in this backend's words.</summary>
        protected abstract string BackendArgument(KernelArgument argument);

        /// <summary>The call as a statement (without the semicolon).</summary>
        public string Render(KernelCall call) =>
            $"{ClassOf(call.Family)}.{call.Kernel}({string.Join(", ", LeadingArguments.Concat(call.Arguments.Select(Argument)))})";

        /// <summary>The call's lines: its comment, then the call.</summary>
        public IEnumerable<string> Lines(KernelCall call, string trailingComment = "")
        {
            if (call.Comment is not null) yield return "// " + call.Comment;
            yield return Render(call) + ";" + (trailingComment.Length > 0 ? " // " + trailingComment : "");
        }

        private string Argument(KernelArgument a)
        {
            string value = a.Kind switch
            {
                KernelArgumentKind.Size => Dim(a.Size!),
                KernelArgumentKind.InverseSize => $"1f / ({Dim(a.Size!)})",
                KernelArgumentKind.Shape => ShapeSpan(a.Shape!),
                KernelArgumentKind.Float => FloatLiteral.Of(a.Number),
                KernelArgumentKind.Bool => a.Number != 0 ? "true" : "false",
                KernelArgumentKind.Enum => $"global::{a.Text}.{a.Member}",
                KernelArgumentKind.Generator => "global::GraphGen.RandomGenerator.Default",
                _ => BackendArgument(a),
            };
            return a.Label is null ? value : a.Label + ": " + value;
        }

        /// <summary>A shape as a span of ints: its dims on the stack, or empty for a scalar.</summary>
        private string ShapeSpan(SymShape shape) =>
            shape.Rank == 0 ? "global::System.ReadOnlySpan<int>.Empty" : "stackalloc int[] { " + string.Join(", ", shape.Dims.Select(Dim)) + " }";
    }
}

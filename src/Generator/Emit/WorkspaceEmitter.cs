using System;
using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;

namespace GraphGen.Generator.Emit
{
    /// <summary>How one backend spells its workspace class: the declaration, the buffer type and how a buffer is made.</summary>
    internal sealed class WorkspaceStyle
    {
        public WorkspaceStyle(string summary, string declaration, string constructor, string bufferType, string emptyGradient, Func<string, string> allocate,
            IReadOnlyList<string>? fields = null, IReadOnlyList<string>? constructorLines = null)
        {
            Fields = fields ?? Array.Empty<string>();
            ConstructorLines = constructorLines ?? Array.Empty<string>();
            Summary = summary;
            Declaration = declaration;
            Constructor = constructor;
            BufferType = bufferType;
            EmptyGradient = emptyGradient;
            Allocate = allocate;
        }

        public string Summary { get; }
        public string Declaration { get; }
        public string Constructor { get; }
        public string BufferType { get; }

        /// <summary>The gradient fields' initializer (" = ..."), or empty.</summary>
        public string EmptyGradient { get; }

        /// <summary>Declarations of fields besides the buffers (the call's state a backward reads), and the constructor's first statements.</summary>
        public IReadOnlyList<string> Fields { get; }
        public IReadOnlyList<string> ConstructorLines { get; }

        /// <summary>A buffer of the given element count (a C# expression over the sizes <c>s</c>).</summary>
        public Func<string, string> Allocate { get; }
    }

    /// <summary>
    /// The workspace class both backends declare: one buffer per kernel output and per saved value, planned once
    /// per sizes, and the gradient buffers of the values backward reaches, allocated on the first backward.
    /// </summary>
    internal static class WorkspaceEmitter
    {
        public static void Write(SourceWriter w, KernelPlan plan, BackwardPlan backward, CodeNames names, WorkspaceStyle style)
        {
            var slots = plan.Kernels.Select(k => (Slot: plan.SlotOf(k.Output.Id), Kernel: k)).ToList();
            var withGradient = slots.Where(s => backward.SlotsWithGradient.Contains(s.Slot.Name)).ToList();
            w.Line($"/// <summary>{style.Summary}</summary>");
            using (w.OpenBlock(style.Declaration))
            {
                foreach (var (slot, k) in slots)
                {
                    w.Line($"public readonly {style.BufferType} {slot.Name}; // {k.Output.Shape}");
                    foreach (var b in KernelParameters.Saved(k)) w.Line($"public readonly {style.BufferType} {k.Name}_{b.Name}; // {(b.Size is { } saved ? "[" + saved + "]" : k.Output.Shape.ToString())}");
                }

                foreach (var (slot, k) in withGradient) w.Line($"public {style.BufferType} d_{slot.Name}{style.EmptyGradient}; // {k.Output.Shape}");
                foreach (var field in style.Fields) w.Line(field);
                w.Line();
                using (w.OpenBlock(style.Constructor))
                {
                    foreach (var line in style.ConstructorLines) w.Line(line);
                    foreach (var (slot, k) in slots)
                    {
                        string size = names.Dim(slot.Size, "s.");
                        w.Line($"{slot.Name} = {style.Allocate(size)};");
                        foreach (var b in KernelParameters.Saved(k)) w.Line($"{k.Name}_{b.Name} = {style.Allocate(b.Size is { } saved ? names.Dim(saved, "s.") : size)};");
                    }
                }

                w.Line();
                using (w.OpenBlock("protected override void AllocateGradients()"))
                {
                    w.Line("var s = Sizes;");
                    foreach (var (slot, _) in withGradient) w.Line($"d_{slot.Name} = {style.Allocate(names.Dim(slot.Size, "s."))};");
                }
            }

            w.Line();
        }
    }
}
